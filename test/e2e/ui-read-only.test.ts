import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { expectAccessible, openApp } from './ui-helpers';

const enabled = hasChromium();

describe.runIf(enabled)('read-only mode (not elevated), on the legacy machine', () => {
  const session = usePreviewSession('simulated:legacy', { SINKGUARD_PREVIEW_ELEVATED: '0' });

  it('says so on every page, keeps everything viewable and disables apply with the reason', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    const banner = page.getByTestId('read-only-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Read-only mode');
    // The preview cannot relaunch anything elevated; the Windows app can (AppInfo.canRelaunchElevated).
    expect(await banner.getByRole('button', { name: 'Relaunch as administrator' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'read-only banner (light)');

    await page.getByTestId('finding-wmi.unsecapp-access-check').getByRole('button', { name: 'Fix…' }).click();
    // The WMI wizard's last step (0-based 3) is the shared review.
    await page.getByTestId('step-3').click();
    await page.getByTestId('confirm-plan').check({ timeout: 30_000 });
    expect(await page.getByTestId('apply-plan').isDisabled()).toBe(true);
    expect(await page.getByText(/Apply is disabled:/).textContent()).toContain('administrator');
    expect(await page.getByTestId('read-only-banner').isVisible()).toBe(true);
    await expectAccessible(page, 'read-only review (light)');
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation with the banner (dark)', async () => {
    const { page } = await openApp(session.browser, session.preview.url, 'dark');
    await page.getByTestId('read-only-banner').waitFor();
    await expectAccessible(page, 'read-only banner (dark)');
    await page.close();
  });
});
