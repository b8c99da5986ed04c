import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface OpenOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  /** What to wait for once loaded: the dashboard's posture (default), or nothing (error and loading states). */
  readonly waitFor?: 'posture' | 'nothing';
}

/** A page at 1280×800 (or the given size) in the given colour scheme, collecting page errors. */
export async function openApp(
  browser: Browser,
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
  options: OpenOptions = {},
): Promise<{ page: Page; errors: string[] }> {
  // axe-core needs a page from an explicit context (it opens a blank page beside it for frame checks).
  const context = await browser.newContext({
    viewport: { ...(options.viewport ?? { width: 1280, height: 800 }) },
    colorScheme,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // Close the page's context with it; when the browser itself is closing, the context is already gone.
  page.on('close', () => void context.close().catch(() => undefined));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  if (options.waitFor !== 'nothing') await page.getByTestId('posture').waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** The verdict chip of one finding on the dashboard. */
export const verdictOf = (page: Page, settingId: string) =>
  page.getByTestId(`finding-${settingId}`).getByTestId('verdict').getAttribute('data-verdict');

/** axe-core over the whole page: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await animationsSettled(page);
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

/** How long a wait on the page may take on a loaded two-core machine before it is a failure. */
export const LOADED_MACHINE_TIMEOUT = 30_000;

/**
 * Waits on the animations' own `finished` events until no finite CSS transition runs (a button fading from disabled
 * to enabled has mid-way colours that axe would misread). Fails after `timeout` ms, naming how many still run.
 */
export async function animationsSettled(page: Page, timeout = LOADED_MACHINE_TIMEOUT): Promise<void> {
  await page.evaluate(async (limit) => {
    const deadline = performance.now() + limit;
    for (;;) {
      const running = document
        .getAnimations()
        .filter(
          (animation) =>
            animation.playState === 'running' && animation.effect?.getTiming().iterations !== Infinity,
        );
      if (running.length === 0) return;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${running.length} animation(s) still running after ${limit} ms`);
      await Promise.race([
        Promise.all(running.map((animation) => animation.finished.catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, left)),
      ]);
    }
  }, timeout);
}

/** Waits until `locator` shows `text` (a substring, or a pattern), as the page updates it. */
export async function untilText(
  locator: Locator,
  text: string | RegExp,
  timeout = LOADED_MACHINE_TIMEOUT,
): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout });
}

/** Goes through the shared review step: waits for the plan, confirms, applies, and waits for the outcome. */
export async function applyReviewedPlan(page: Page): Promise<void> {
  await page.getByTestId('confirm-plan').check({ timeout: 30_000 });
  await page.getByTestId('apply-plan').click();
  await page.getByTestId('apply-result').waitFor({ timeout: 30_000 });
}

/** Opens a page from the navigation and waits for its heading (the page's content is then mounted). */
export async function goTo(page: Page, nav: string): Promise<void> {
  await page.getByTestId(`nav-${nav}`).click();
  // Every page but the dashboard loads as its own chunk: wait until the route has moved and the chunk has replaced
  // the loading status, so that what the test reads next is the new page, not the old one or the placeholder.
  await page.locator(`[data-testid="nav-${nav}"][aria-current="page"]`).waitFor({ timeout: 30_000 });
  await page.getByText('Opening the page…').waitFor({ state: 'detached', timeout: 30_000 });
  if (nav === 'dashboard') await page.getByTestId('posture').waitFor({ timeout: 30_000 });
}

/** The whole page fits the window's width: nothing is reachable only by scrolling sideways. */
export async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(sizes.scrollWidth, `${where}: page wider than the window`).toBeLessThanOrEqual(sizes.clientWidth);
}

/** An action is on screen horizontally (scrolled to vertically, as a user would) and visible. */
export async function expectReachable(page: Page, locator: Locator, where: string): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  expect(await locator.isVisible(), `${where}: not visible`).toBe(true);
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, `${where}: no box`).not.toBeNull();
  expect(box!.x, `${where}: starts off screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${where}: ends off screen`).toBeLessThanOrEqual(width);
}

/** Nothing on screen looks like a stack trace or a raw exception. */
export async function expectNoStackTrace(page: Page): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/\bat \S+ \(|TypeError|ReferenceError|\.tsx?:\d+|\.js:\d+/);
}

/** The review step has finished planning: it shows a plan, says there is nothing to do, or shows an error. */
export async function reviewSettled(page: Page): Promise<void> {
  await page.getByTestId('review-apply').waitFor({ timeout: LOADED_MACHINE_TIMEOUT });
  await page
    .getByText('Reading the machine and planning the exact change…')
    .first()
    .waitFor({ state: 'detached', timeout: LOADED_MACHINE_TIMEOUT });
}
