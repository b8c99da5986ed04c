import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, goTo, openApp, reviewSettled } from './ui-helpers';

const enabled = hasChromium();

/** Presses Next until the review step, checking each time that Next is offered. */
async function nextToReview(page: Page): Promise<void> {
  const steps = await page.locator('[data-testid^="step-"]').count();
  const review = page.getByTestId(`step-${steps - 1}`);
  while ((await review.getAttribute('aria-current')) !== 'step') {
    const next = page.getByTestId('wizard-next');
    expect(await next.isDisabled(), 'Next offered').toBe(false);
    await next.click();
  }
  await reviewSettled(page);
}

describe.runIf(enabled)('wizards opened from a finding propose its fix (legacy machine)', () => {
  const session = usePreviewSession('simulated:legacy');

  it('The DCOM wizard opened on the weakened machine reaches its review by accepting the proposal alone', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await page
      .getByTestId('finding-dcom.machine-access-restriction')
      .getByRole('button', { name: 'Fix…' })
      .click();
    await page.getByTestId('wizard-dcom').waitFor();
    // The bad grant arrives already unticked, and the change says why.
    const matrix = page.getByTestId('matrix-MachineAccessRestriction');
    expect(await matrix.getByLabel('ANONYMOUS LOGON: Remote Access, allow').isChecked()).toBe(false);
    expect(await matrix.getByTestId('remote-grant-warning').count()).toBe(0);
    expect(await page.getByTestId('proposal-dcom.machine-access-restriction').first().textContent()).toMatch(
      /^ANONYMOUS LOGON loses Remote Access: Windows' default does not grant it/,
    );
    await expectAccessible(page, 'DCOM proposal on the limits step');
    await nextToReview(page);
    // The review plans every proposed change: both limits and the authentication level.
    for (const settingId of [
      'dcom.machine-access-restriction',
      'dcom.machine-launch-restriction',
      'dcom.legacy-authentication-level',
    ])
      await page.getByTestId(`diff-${settingId}`).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diff-dcom.machine-access-restriction').textContent()).toContain(
      'ANONYMOUS LOGON',
    );
    expect(await page.getByTestId('apply-plan').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the admin can adjust the proposal: a level put back as it is today is left out of the plan', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page
      .getByTestId('finding-dcom.legacy-authentication-level')
      .getByRole('button', { name: 'Fix…' })
      .click();
    await page.getByTestId('wizard-dcom').waitFor();
    expect(await page.getByTestId('proposal-dcom.legacy-authentication-level').textContent()).toContain(
      'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY',
    );
    const level = page.getByRole('combobox', { name: /LegacyAuthenticationLevel/ });
    expect(await level.textContent()).toBe('RPC_C_AUTHN_LEVEL_PKT_INTEGRITY');
    await level.click();
    await page.getByRole('option', { name: 'RPC_C_AUTHN_LEVEL_NONE', exact: true }).click();
    await page.getByTestId('step-3').click();
    await page.getByTestId('diff-dcom.machine-access-restriction').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('diff-dcom.legacy-authentication-level').count()).toBe(0);
    await page.close();
  });

  it('opened plainly, the wizards start on the machine’s values; from a finding, on the proposal', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await goTo(page, 'dcom');
    const matrix = page.getByTestId('matrix-MachineAccessRestriction');
    expect(await matrix.getByLabel('ANONYMOUS LOGON: Remote Access, allow').isChecked()).toBe(true);
    expect(await page.getByTestId('proposal').count()).toBe(0);

    await goTo(page, 'wmi');
    await page.getByTestId('step-1').click();
    expect(await page.getByTestId('wmi-enable-check').locator('input').isChecked()).toBe(false);
    expect(await page.getByTestId('wmi-refuse-anonymous').locator('input').isChecked()).toBe(false);
    await goTo(page, 'dashboard');
    await page
      .getByTestId('finding-wmi.allow-anonymous-callback')
      .getByRole('button', { name: 'Fix…' })
      .click();
    expect(await page.getByTestId('wmi-enable-check').locator('input').isChecked()).toBe(true);
    expect(await page.getByTestId('wmi-refuse-anonymous').locator('input').isChecked()).toBe(true);
    expect(await page.getByTestId('proposal-wmi.allow-anonymous-callback').count()).toBe(1);

    await goTo(page, 'firewall');
    await page.getByTestId('step-1').click();
    const endpointMapper = page.getByTestId('control-firewall.endpoint-mapper');
    expect(await endpointMapper.getByLabel('Leave as it is').isChecked()).toBe(true);
    await goTo(page, 'dashboard');
    await page.getByTestId('finding-firewall.unsecapp').getByRole('button', { name: 'Fix…' }).click();
    await page.getByTestId('step-1').click();
    expect(await endpointMapper.getByLabel('Open only from the scope').isChecked()).toBe(true);
    await expectAccessible(page, 'firewall proposal');
    await page.getByTestId('step-2').click();
    expect(
      await page.getByTestId('control-firewall.unsecapp').getByLabel('Open only from the scope').isChecked(),
    ).toBe(true);
    await nextToReview(page);
    await page.getByTestId('diff-firewall.unsecapp').waitFor({ timeout: 30_000 });
    await page.close();
  });
});
