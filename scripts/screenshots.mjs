// `node scripts/screenshots.mjs`: PNG screenshots of the dashboard, each wizard, a review, History and a restore's
// confirmation, light and dark, at 1280×800, into docs/screenshots/. It applies one change to the simulated machine.
// Starts the preview on the legacy simulated machine (the one with the most to show), unless SINKGUARD_SCREENSHOT_URL
// names a preview that is already running.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url);
process.chdir(fileURLToPath(root));
const outDir = 'docs/screenshots';
mkdirSync(outDir, { recursive: true });

async function startPreview() {
  const child = spawn(process.execPath, ['scripts/preview.mjs'], {
    env: { ...process.env, SINKGUARD_PREVIEW_MACHINE: 'simulated:legacy' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the preview did not start:\n${output}`)), 180_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the preview exited with ${code}:\n${output}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** What to show: a page, optionally a wizard step, and the file name. */
const shots = [
  { name: 'dashboard', nav: 'dashboard' },
  { name: 'wizard-wmi', nav: 'wmi', step: 1 },
  { name: 'wizard-wmi-clients', nav: 'wmi', step: 2 },
  { name: 'wizard-dcom', nav: 'dcom', step: 0 },
  { name: 'wizard-dcom-levels', nav: 'dcom', step: 2 },
  { name: 'wizard-firewall', nav: 'firewall', step: 0 },
  { name: 'wizard-firewall-scope', nav: 'firewall', step: 1 },
  { name: 'troubleshooter', nav: 'troubleshooter' },
];

const TIMEOUT = 60_000;

/** Waits until nothing moves: no running animation or transition (MUI's fades, ripples, collapses). */
async function settle(page) {
  await page.mouse.move(0, 0);
  // A function, not a string: the app's CSP forbids eval, which a string predicate needs. It runs in the page.
  await page.waitForFunction(
    () => globalThis.document.getAnimations().every((item) => item.playState !== 'running'),
    null,
    { timeout: TIMEOUT },
  );
}

async function open(page, nav) {
  await page.getByTestId(`nav-${nav}`).click();
  await page.locator(`[data-testid="nav-${nav}"][aria-current="page"]`).waitFor({ timeout: TIMEOUT });
  await page.getByText('Opening the page…').waitFor({ state: 'detached', timeout: TIMEOUT });
}

async function save(page, name, colorScheme) {
  await settle(page);
  const file = `${outDir}/${name}-${colorScheme}.png`;
  await page.screenshot({ path: file });
  console.log(file);
}

/** The DCOM wizard opened from its finding, on the proposal alone, at its review: the principal × rights table. */
async function dcomReview(page) {
  await open(page, 'dashboard');
  await page
    .getByTestId('finding-dcom.machine-access-restriction')
    .getByRole('button', { name: 'Fix…' })
    .click();
  await page.getByTestId('wizard-dcom').waitFor({ timeout: TIMEOUT });
  const steps = await page.locator('[data-testid^="step-"]').count();
  const review = page.getByTestId(`step-${steps - 1}`);
  while ((await review.getAttribute('aria-current')) !== 'step')
    await page.getByTestId('wizard-next').click();
  await page.getByTestId('diff-dcom.machine-access-restriction').waitFor({ timeout: TIMEOUT });
}

const preview = process.env.SINKGUARD_SCREENSHOT_URL
  ? { url: process.env.SINKGUARD_SCREENSHOT_URL, stop: () => undefined }
  : await startPreview();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'],
});
const schemes = ['light', 'dark'];
try {
  const pages = {};
  for (const colorScheme of schemes) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    pages[colorScheme] = page;
    await page.goto(preview.url);
    await page.getByTestId('posture').waitFor({ timeout: TIMEOUT });
    for (const shot of shots) {
      await open(page, shot.nav);
      if (shot.step !== undefined) await page.getByTestId(`step-${shot.step}`).click();
      await save(page, shot.name, colorScheme);
    }
    // Before anything is applied (the finding, and so its proposal, is gone afterwards).
    await dcomReview(page);
    await save(page, 'review-dcom', colorScheme);
  }
  // One change on the simulated machine, so that History has something to show.
  const light = pages.light;
  await light.getByTestId('confirm-plan').check({ timeout: TIMEOUT });
  await light.getByTestId('apply-plan').click();
  await light.getByTestId('apply-result').waitFor({ timeout: TIMEOUT });
  for (const colorScheme of schemes) {
    const page = pages[colorScheme];
    await open(page, 'history');
    const entry = page.locator('[data-testid^="history-"]').filter({ hasText: 'Applied' }).first();
    await entry.waitFor({ timeout: TIMEOUT });
    await save(page, 'history', colorScheme);
    await entry.getByRole('button', { name: /^Restore the backup/ }).click();
    await page.getByTestId('restore-plan').waitFor({ timeout: TIMEOUT });
    await save(page, 'restore-confirm', colorScheme);
    await page.keyboard.press('Escape');
    await page.getByTestId('restore-plan').waitFor({ state: 'detached', timeout: TIMEOUT });
  }
} finally {
  await browser.close();
  preview.stop();
}
