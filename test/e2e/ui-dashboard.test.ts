import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, openApp, verdictOf } from './ui-helpers';

const enabled = hasChromium();

describe.runIf(enabled)('the dashboard on the legacy machine', () => {
  const session = usePreviewSession('simulated:legacy');

  it('shows the critical findings grouped by area, each with its value, source and action', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    expect(await verdictOf(page, 'dcom.machine-access-restriction')).toBe('critical');
    expect(await verdictOf(page, 'dcom.legacy-authentication-level')).toBe('critical');
    expect(await verdictOf(page, 'firewall.endpoint-mapper')).toBe('critical');
    expect(await verdictOf(page, 'wmi.unsecapp-access-check')).toBe('weak');
    const access = page.getByTestId('finding-dcom.machine-access-restriction');
    expect(await access.textContent()).toContain('ANONYMOUS LOGON is granted Remote Access');
    expect(await access.textContent()).toContain('Effective value (set locally)');
    expect(
      await page
        .getByTestId('area-dcom-limits')
        .getByTestId('finding-dcom.machine-access-restriction')
        .count(),
    ).toBe(1);
    expect(await page.getByTestId('count-critical').textContent()).toBe('Critical: 6');
    expect(await page.getByTestId('info-registry-backend').textContent()).toContain('legacy');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains a finding with rationale, side effects and references', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page
      .getByTestId('finding-wmi.unsecapp-access-check')
      .getByRole('button', { name: 'Explain' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Why it matters');
    expect(await dialog.getByRole('link').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('re-audits against the strict profile from the picker', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('profile-select').click();
    await page.getByRole('option', { name: 'Strict' }).click();
    await expect.poll(() => page.getByText(/Safe for domain machines/).count()).toBe(0);
    await page.getByTestId('posture').waitFor();
    expect(await verdictOf(page, 'dcom.machine-access-restriction')).toBe('critical');
    await page.close();
  });

  it('opens the right wizard from "Fix…" with the keyboard alone', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    const fix = page.getByTestId('finding-firewall.endpoint-mapper').getByRole('button', { name: 'Fix…' });
    await fix.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('wizard-firewall').waitFor();
    expect(await page.getByTestId('step-1').getAttribute('aria-current')).toBe('step');
    await page.close();
  });

  it('exports the audit as a standalone HTML document with its own CSP and no script', async () => {
    const { page } = await openApp(session.browser, session.preview.url);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sinkguard-audit-recommended-simulated-legacy-.*\.html$/);
    const html = await readFile((await download.path())!, 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).toContain('DCOM machine-wide access limits');
    expect(html).not.toMatch(/<script/i);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('has no serious accessibility violation (%s)', async (scheme) => {
    const { page } = await openApp(session.browser, session.preview.url, scheme);
    await expectAccessible(page, `dashboard ${scheme}`);
    await page.close();
  });
});
