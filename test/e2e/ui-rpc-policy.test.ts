import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, goTo, openApp, untilText } from './ui-helpers';

const enabled = hasChromium();

describe.runIf(enabled)(
  'RPC settings Group Policy sets, and the rules a new RPC port range needs (legacy machine)',
  () => {
    const session = usePreviewSession('simulated:legacy');

    it('the dashboard shows both Group Policy-only RPC settings with their value, meaning and who they affect', async () => {
      const { page, errors } = await openApp(session.browser, session.preview.url);
      const section = page.getByTestId('area-policy-only-rpc');
      await section.scrollIntoViewIfNeeded();
      const restrict = section.getByTestId('policy-only-rpc.restrict-remote-clients');
      expect(await restrict.getByRole('heading', { level: 4 }).textContent()).toBe(
        'Restrict unauthenticated RPC clients (RestrictRemoteClients)',
      );
      // Not configured on this machine, and the Recommended profile does not assess it: still shown, with its reading.
      expect(await restrict.getByTestId('policy-only-value').textContent()).toBe(
        'Now: not set (not configured in Group Policy)',
      );
      expect(await restrict.getByText('Not assessed by this profile').count()).toBe(1);
      expect(await restrict.getByTestId('policy-only-meaning').textContent()).toContain(
        'behaves as Authenticated on Windows client editions and as None',
      );
      expect(await restrict.getByTestId('policy-only-affects').textContent()).toContain(
        'on Windows Server nobody is refused',
      );
      // Each value names who it breaks.
      expect(await restrict.textContent()).toContain(
        'monitoring or inventory tools and scripts that connect without an account',
      );
      expect(await restrict.textContent()).toContain('the endpoint mapper refuses anonymous lookups');
      expect(await restrict.getByTestId('policy-only-where').textContent()).toContain(
        'Set only by Group Policy (Computer Configuration',
      );
      expect(await restrict.getByTestId('policy-only-where').textContent()).toContain(
        'SinkGuard never writes under HKLM\\SOFTWARE\\Policies',
      );

      const endpointMapper = section.getByTestId('policy-only-rpc.endpoint-mapper-client-authentication');
      expect(await endpointMapper.getByTestId('policy-only-value').textContent()).toBe(
        'Now: not set (Windows uses 0 (disabled)) (not configured in Group Policy)',
      );
      expect(await endpointMapper.getByTestId('policy-only-affects').textContent()).toContain(
        'Only this machine as a client',
      );
      await expectAccessible(page, 'dashboard with the Group Policy-only RPC settings');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('restricting the RPC port range names who is affected and the rules that must match it', async () => {
      const { page, errors } = await openApp(session.browser, session.preview.url);
      await goTo(page, 'firewall');
      await page.getByTestId('step-2').click();
      await page.getByTestId('control-rpc.dynamic-port-restriction').getByRole('checkbox').check();
      await page.getByLabel('Ports RPC servers may use').fill('5000-5100');
      expect(await page.getByTestId('rpc-range-affects').textContent()).toContain(
        'the WMI service (Winmgmt) and WMI’s callback receiver (unsecapp.exe), DCOM servers',
      );
      const summary = page.getByTestId('rpc-range-rules-summary');
      await untilText(summary, /must be changed/);
      expect(await summary.textContent()).toContain('1 of 3 enabled inbound rules');

      const byName = page.getByTestId('rpc-range-rule-{9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}');
      expect(await byName.getByRole('rowheader').textContent()).toBe('RPC dynamic ports');
      expect(await byName.textContent()).toContain('Must change');
      expect(await byName.textContent()).toContain('it opens ports 49152-65535, none of 5000-5100');
      const wmi = page.getByTestId('rpc-range-rule-WMI-WINMGMT-In-TCP');
      expect(await wmi.getByRole('rowheader').textContent()).toContain(
        'Windows Management Instrumentation (WMI-In)',
      );
      expect(await wmi.textContent()).toContain(
        'Covers the new range: it opens every port to svchost.exe (service winmgmt).',
      );
      expect(
        await page.getByTestId('rpc-range-rule-WMI-ASYNC-In-TCP').getByRole('rowheader').textContent(),
      ).toContain('Windows Management Instrumentation (ASync-In)');

      // Raw rule strings only behind Technical details.
      const table = page.getByTestId('rpc-range-rules');
      expect(await table.textContent()).not.toContain('LPort2_10');
      const details = page.getByTestId('technical-details');
      expect(await details.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Technical details' }).click();
      expect(await details.textContent()).toContain(
        'Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=49152-65535',
      );
      await expectAccessible(page, 'firewall wizard, RPC port range step');

      // A range the rule already opens needs no change.
      await page.getByLabel('Ports RPC servers may use').fill('50000-50100');
      await untilText(summary, /also opens the new range/);
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
