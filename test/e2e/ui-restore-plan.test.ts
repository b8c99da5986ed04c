import { describe, expect, it } from 'vitest';
import { hasChromium, usePreviewSession } from './support';
import { applyReviewedPlan, expectAccessible, openApp } from './ui-helpers';

const enabled = hasChromium();

describe.runIf(enabled)('History: a restore is a plan, shown and confirmed (legacy machine)', () => {
  const session = usePreviewSession('simulated:legacy');

  it('Restore opens the plan; Cancel runs nothing; Confirm restores exactly it', async () => {
    const { page, errors } = await openApp(session.browser, session.preview.url);
    await page.getByTestId('finding-wmi.unsecapp-access-check').getByRole('button', { name: 'Fix…' }).click();
    await page.getByTestId('step-3').click();
    await applyReviewedPlan(page);

    await page.getByTestId('nav-history').click();
    await page.getByTestId('history').waitFor();
    const cards = page.locator('[data-testid^="history-2"]');
    await cards.first().waitFor({ timeout: 30_000 });
    expect(await cards.count()).toBe(1);
    const restoreButton = cards.first().getByRole('button', { name: /Restore the backup taken before/ });

    // One click shows the plan; nothing runs.
    await restoreButton.click();
    const plan = page.getByTestId('restore-plan');
    await plan
      .getByText('UnsecApp callback access check', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await plan.textContent()).toContain('Values and rules it did not touch are left as they are now.');
    expect(await plan.textContent()).not.toContain('Changed by someone else');
    await expectAccessible(page, 'restore dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await plan.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    expect(await page.locator('[data-testid^="history-2"]').count()).toBe(1);

    // Confirm restores, as the plan said.
    await restoreButton.click();
    await page.getByTestId('restore-confirm').click({ timeout: 30_000 });
    await page.getByText(/Backup .* restored\./).waitFor({ timeout: 30_000 });
    const restored = page.locator('[data-testid^="history-2"]').filter({ hasText: 'Restored backup' });
    await restored.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid^="history-2"]').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });
});
