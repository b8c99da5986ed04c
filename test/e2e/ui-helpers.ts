import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A page at 1280×800 in the given colour scheme, collecting page errors (CSP reports excluded: they are the lead's). */
export async function openApp(
  browser: Browser,
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; errors: string[] }> {
  // axe-core needs a page from an explicit context (it opens a blank page beside it for frame checks).
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // Close the page's context with it; when the browser itself is closing, the context is already gone.
  page.on('close', () => void context.close().catch(() => undefined));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.getByTestId('posture').waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** The verdict chip of one finding on the dashboard. */
export const verdictOf = (page: Page, settingId: string) =>
  page.getByTestId(`finding-${settingId}`).getByTestId('verdict').getAttribute('data-verdict');

/** axe-core over the whole page: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  // Let finite CSS transitions settle (a button fading from disabled to enabled has mid-way colours).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          document
            .getAnimations()
            .filter(
              (animation) =>
                animation.playState === 'running' && animation.effect?.getTiming().iterations !== Infinity,
            ).length,
      ),
    )
    .toBe(0);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${where}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(bad).toEqual([]);
}

/** Goes through the shared review step: waits for the plan, confirms, applies, and waits for the outcome. */
export async function applyReviewedPlan(page: Page): Promise<void> {
  await page.getByTestId('confirm-plan').check({ timeout: 30_000 });
  await page.getByTestId('apply-plan').click();
  await page.getByTestId('apply-result').waitFor({ timeout: 30_000 });
}
