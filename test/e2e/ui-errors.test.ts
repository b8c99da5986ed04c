import { describe, expect, it } from 'vitest';
import { hasChromium, setFaults, usePreviewSession } from './support';
import {
  applyReviewedPlan,
  expectAccessible,
  expectNoStackTrace,
  goTo,
  openApp,
  verdictOf,
} from './ui-helpers';

const enabled = hasChromium();

const BACKEND_MESSAGE = /The registry backend did not answer \(readKeys failed/;
const BACKEND_WAY_FORWARD =
  'The registry could not be reached. Check the backend shown under "About this machine" and retry.';

/**
 * User-facing errors, each with its specific message and the way forward, never a stack trace or a blank screen.
 * The preview's fault switch (SINKGUARD_PREVIEW_FAULTS=1) makes the simulated machine fail like a backend would.
 */
describe.runIf(enabled)('user-facing errors, on the legacy machine', () => {
  const session = usePreviewSession('simulated:legacy', { SINKGUARD_PREVIEW_FAULTS: '1' });
  const url = () => session.preview.url;

  it('a backend failure on the audit says what failed and how to go on; Retry recovers', async () => {
    await setFaults(session.preview, { fail: ['readKeys'] });
    try {
      const { page, errors } = await openApp(session.browser, url(), 'light', { waitFor: 'nothing' });
      const alert = page.getByRole('alert').filter({ hasText: BACKEND_MESSAGE });
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toContain(BACKEND_WAY_FORWARD);
      await expectNoStackTrace(page);
      await expectAccessible(page, 'backend failure alert');
      // The wizards wait for an audit, and say why there is none.
      await goTo(page, 'wmi');
      await page.getByRole('alert').filter({ hasText: BACKEND_MESSAGE }).waitFor();

      await setFaults(session.preview, {});
      await page.getByTestId('nav-dashboard').click();
      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByTestId('posture').waitFor({ timeout: 30_000 });
      expect(await verdictOf(page, 'wmi.unsecapp-access-check')).toBe('weak');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await setFaults(session.preview, {});
    }
  });

  it('a backend failure at apply changes nothing and says so; Apply works once the backend is back', async () => {
    const { page, errors } = await openApp(session.browser, url());
    await page.getByTestId('finding-wmi.unsecapp-access-check').getByRole('button', { name: 'Fix…' }).click();
    await page.getByTestId('step-3').click();
    await page.getByTestId('diff-wmi.unsecapp-access-check').waitFor({ timeout: 30_000 });
    await page.getByTestId('confirm-plan').check();
    await setFaults(session.preview, { fail: ['readKeys'] });
    try {
      await page.getByTestId('apply-plan').click();
      const alert = page.getByTestId('review-apply').getByRole('alert').filter({ hasText: BACKEND_MESSAGE });
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toContain(BACKEND_WAY_FORWARD);
      expect(await page.getByTestId('apply-result').count()).toBe(0);
      await expectNoStackTrace(page);
    } finally {
      await setFaults(session.preview, {});
    }
    // The plan is still the one reviewed (nothing changed on the machine): the admin applies it again.
    await page.getByTestId('apply-plan').click();
    await page.getByTestId('apply-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');
    await page.getByTestId('undo').click();
    await page.getByTestId('restore-result').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a stale plan is refused with the reason; the UI plans again and asks for a new confirmation', async () => {
    // Page A plans the WMI change and confirms it, but does not apply yet.
    const { page: a } = await openApp(session.browser, url());
    await a.getByTestId('finding-wmi.unsecapp-access-check').getByRole('button', { name: 'Fix…' }).click();
    await a.getByTestId('step-3').click();
    await a.getByTestId('diff-wmi.unsecapp-access-check').waitFor({ timeout: 30_000 });
    await a.getByTestId('confirm-plan').check();

    // Meanwhile page B changes the machine (the DCOM authentication level).
    const { page: b } = await openApp(session.browser, url());
    await goTo(b, 'dcom');
    await b.getByTestId('step-2').click();
    await b.getByRole('combobox', { name: /LegacyAuthenticationLevel/ }).click();
    await b.getByRole('option', { name: 'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY', exact: true }).click();
    await b.getByTestId('wizard-next').click();
    await b.getByTestId('diff-dcom.legacy-authentication-level').waitFor({ timeout: 30_000 });
    await applyReviewedPlan(b);
    expect(await b.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');

    // A's plan is stale: refused, said so, planned again, and the confirmation is cleared.
    await a.getByTestId('apply-plan').click();
    const notice = a.getByTestId('replanned');
    await notice.waitFor({ timeout: 30_000 });
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('stale plan: the machine changed since the plan was made (1 difference)');
    expect(text).toContain('LegacyAuthenticationLevel');
    expect(text).toContain(
      'The machine changed since the plan was made. Review the new plan and apply again.',
    );
    expect(text).toContain('Nothing was applied.');
    await a.getByTestId('diff-wmi.unsecapp-access-check').waitFor({ timeout: 30_000 });
    expect(await a.getByTestId('confirm-plan').isChecked()).toBe(false);
    expect(await a.getByTestId('apply-plan').isDisabled()).toBe(true);
    await expectNoStackTrace(a);
    await expectAccessible(a, 'stale plan notice');

    // The new plan applies once confirmed again.
    await applyReviewedPlan(a);
    expect(await a.getByTestId('apply-result').getAttribute('data-status')).toBe('applied');
    expect(await a.getByTestId('replanned').count()).toBe(0);
    for (const page of [a, b]) {
      await page.getByTestId('undo').click();
      await page.getByTestId('restore-result').waitFor({ timeout: 30_000 });
    }
    await a.close();
    await b.close();
  });

  it('a view that cannot render shows a message and a way back, never a blank screen or a stack trace', async () => {
    await setFaults(session.preview, { garble: ['audit:run'] });
    try {
      const { page } = await openApp(session.browser, url(), 'light', { waitFor: 'nothing' });
      const alert = page.getByRole('alert').filter({ hasText: 'This view stopped working' });
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toContain('Nothing was changed on this machine.');
      // The rest of the window still works: the navigation, and pages that do not need the audit.
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
      await expectNoStackTrace(page);
      await goTo(page, 'info');
      await page.getByTestId('info-version').waitFor();
      await page.getByTestId('nav-dashboard').click();
      await alert.waitFor();

      // Try again re-reads the machine: once the answer is good again the dashboard is back.
      await setFaults(session.preview, {});
      await alert.getByRole('button', { name: 'Try again' }).click();
      await page.getByTestId('posture').waitFor({ timeout: 30_000 });
      await page.close();
    } finally {
      await setFaults(session.preview, {});
    }
  });
});
