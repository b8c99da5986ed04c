import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { applyReviewedPlan, expectAccessible, openApp, verdictOf } from './ui-helpers';

const enabled = hasChromium();

async function backToDashboard(page: Page): Promise<void> {
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('posture').waitFor();
}

describe.runIf(enabled)('the guided wizards on the legacy machine', () => {
  const session = usePreviewSession('simulated:legacy');

  it('WMI callbacks: turns on the access check, verifies it, and undo restores it', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('finding-wmi.unsecapp-access-check').getByRole('button', { name: 'Fix…' }).click();
    await page.getByTestId('wizard-wmi').waitFor();
    expect(await page.getByTestId('wmi-enable-check').locator('input').isChecked()).toBe(true);
    await page.getByTestId('wizard-next').click();
    await page.getByRole('button', { name: 'Copy PowerShell (WMI cmdlets)' }).waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('diff-wmi.unsecapp-access-check').waitFor({ timeout: 30_000 });
    await applyReviewedPlan(page);
    expect(await page.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');
    expect(await page.getByTestId('apply-progress').textContent()).toContain('Backing up');
    await backToDashboard(page);
    await expect.poll(() => verdictOf(page, 'wmi.unsecapp-access-check'), { timeout: 30_000 }).toBe('ok');
    await page.getByTestId('nav-history').click();
    await page
      .getByRole('button', { name: /^Restore the backup/ })
      .first()
      .click();
    await page.getByText(/restored\.$/).waitFor({ timeout: 30_000 });
    await backToDashboard(page);
    await expect.poll(() => verdictOf(page, 'wmi.unsecapp-access-check'), { timeout: 30_000 }).toBe('weak');
    await page.close();
  });

  it('DCOM limits: takes Remote Access from ANONYMOUS LOGON in the matrix, applies, verifies, and undoes', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-dcom').click();
    const matrix = page.getByTestId('matrix-MachineAccessRestriction');
    expect(await matrix.getByTestId('remote-grant-warning').count()).toBe(1);
    await page.getByLabel('ANONYMOUS LOGON: Remote Access, allow').first().uncheck();
    expect(await matrix.getByTestId('remote-grant-warning').count()).toBe(0);
    await page.getByTestId('step-2').click();
    const diff = page.getByTestId('diff-dcom.machine-access-restriction');
    await diff.waitFor({ timeout: 30_000 });
    expect(await diff.textContent()).toContain('ANONYMOUS LOGON');
    await applyReviewedPlan(page);
    expect(await page.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');
    await page.getByTestId('undo').click();
    await page.getByTestId('restore-result').waitFor({ timeout: 30_000 });
    await backToDashboard(page);
    await expect
      .poll(() => verdictOf(page, 'dcom.machine-access-restriction'), { timeout: 30_000 })
      .toBe('critical');
    await page.close();
  });

  it('DCOM limits: refuses an unknown principal with the reason, and adds one by SID', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-dcom').click();
    const input = page.getByLabel('Add a principal to the machine-wide access limits');
    await input.fill('Nobody Special');
    await page.getByRole('button', { name: 'Add to the machine-wide access limits' }).click();
    await page.getByText(/is not a well-known principal/).waitFor();
    await input.fill('S-1-5-21-1-2-3-1001');
    await input.press('Enter');
    await page.getByTestId('row-S-1-5-21-1-2-3-1001').first().waitFor();
    await page.close();
  });

  it('Firewall: refuses Any live, then scopes TCP 135 and verifies', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('nav-firewall').click();
    expect(
      await page.getByRole('table', { name: /RPC endpoint mapper \(TCP 135\): exposure/ }).textContent(),
    ).toContain('Any');
    await page.getByTestId('wizard-next').click();
    const scope = page.getByLabel(/Management scope/);
    await scope.fill('10.0.10.0/24, Any');
    await page.getByText(/Entry 2: .*every address/).waitFor();
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await scope.fill('10.0.10.0/24');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('diff-firewall.endpoint-mapper').waitFor({ timeout: 30_000 });
    await applyReviewedPlan(page);
    expect(await page.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');
    await backToDashboard(page);
    await expect
      .poll(() => verdictOf(page, 'firewall.endpoint-mapper'), { timeout: 30_000 })
      .not.toBe('critical');
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious accessibility violation on any wizard step (${scheme})`, async () => {
      const { page } = await openApp(session.browser, session.preview.url, scheme);
      for (const [wizard, steps] of [
        ['wmi', 3],
        ['dcom', 2],
        ['firewall', 3],
      ] as const) {
        await page.getByTestId(`nav-${wizard}`).click();
        for (let step = 0; step < steps; step++) {
          await page.getByTestId(`step-${step}`).click();
          await expectAccessible(page, `${wizard} step ${step} ${scheme}`);
        }
      }
      await page.close();
    });
  }
});
