import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { applyReviewedPlan, expectAccessible, openApp, untilText } from './ui-helpers';

const enabled = hasChromium();

/** The Domain row of the wizard's TCP 135 exposure table, read in a page of its own (the state is the server's). */
async function domainRowNow(browser: Browser, url: string): Promise<string> {
  const { page } = await openApp(browser, url);
  await page.getByTestId('nav-firewall').click();
  const table = page.getByRole('table', { name: /RPC endpoint mapper \(TCP 135\): exposure/ });
  const row = (await table.getByRole('row', { name: /^Domain/ }).textContent()) ?? '';
  await page.close();
  return row;
}

describe.runIf(enabled)('opening TCP 135 narrowly on the stock machine (closed everywhere)', () => {
  const session = usePreviewSession('simulated:stock');

  it('goes from the unmarshal diagnosis to opening TCP 135 from the management subnet on Domain, verified, then undone', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-troubleshooter').click();
    await page.getByRole('button', { name: /cannot be unmarshaled/ }).click();
    await page.getByRole('button', { name: /TCP 135 is blocked/ }).click();
    await page.getByTestId('diagnosis-firewall-135').waitFor();
    await page.getByRole('button', { name: 'Open the scoped TCP 135 rule step' }).click();
    await page.getByTestId('wizard-firewall').waitFor();
    expect(await page.getByTestId('step-1').getAttribute('aria-current')).toBe('step');

    // Closed today, said plainly; the troubleshooter started this target on "Open only from the scope".
    const choice = page.getByTestId('control-firewall.endpoint-mapper');
    expect(await page.getByTestId('today-firewall.endpoint-mapper').textContent()).toBe(
      'Closed today on every profile',
    );
    expect(await choice.getByLabel('Open only from the scope').isChecked()).toBe(true);
    const profiles = choice.getByRole('group', { name: /on these firewall profiles/ });
    expect(await profiles.getByLabel('Domain').isChecked()).toBe(true);
    expect(await profiles.getByLabel('Private').isChecked()).toBe(false);
    expect(await profiles.getByLabel('Public').isChecked()).toBe(false);
    // No profile at all cannot go on.
    await profiles.getByLabel('Domain').uncheck();
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await page.getByText('Choose at least one profile to open RPC endpoint mapper (TCP 135) on.').waitFor();
    await profiles.getByLabel('Domain').check();
    await page.getByLabel(/Management scope/).fill('10.0.10.0/24');
    await expectAccessible(page, 'firewall open step');

    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    const diff = page.getByTestId('diff-firewall.endpoint-mapper');
    await diff.waitFor({ timeout: 30_000 });
    const text = (await diff.textContent()) ?? '';
    expect(text).toContain('open only from 10.0.10.0/24 on the Domain profile');
    expect(text).toContain('(WMI-RPCSS-In-TCP-NoScope):');
    expect(text).toContain(
      "Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP-NoScope' -RemoteAddress '10.0.10.0/24' -Profile 'Domain' -Enabled True",
    );
    expect(text).toContain('|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=135|RA4=10.0.10.0/24|');
    expect(text).not.toContain("-Name 'WMI-RPCSS-In-TCP' ");

    // The review step's switch plans without the firewall part (nothing else is chosen here: nothing to change).
    const firewallSwitch = page.getByLabel(/^Change the firewall/);
    expect(await firewallSwitch.isChecked()).toBe(true);
    await firewallSwitch.uncheck();
    await page.getByTestId('plan-empty').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diff-firewall.endpoint-mapper').count()).toBe(0);
    await firewallSwitch.check();
    await diff.waitFor({ timeout: 30_000 });

    await applyReviewedPlan(page);
    expect(await page.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');
    await untilText(
      page.getByTestId('apply-progress'),
      'Firewall check: Every changed rule reads on the live firewall as planned.',
    );
    await expect
      .poll(() => domainRowNow(session.browser, session.preview.url), { timeout: 30_000 })
      .toMatch(/^DomainOpen10\.0\.10\.0\/24Windows Management Instrumentation \(DCOM-In\)/);

    await page.getByTestId('undo').click();
    await page.getByTestId('restore-result').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => domainRowNow(session.browser, session.preview.url), { timeout: 30_000 })
      .toMatch(/^DomainClosed/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
