// `node scripts/screenshots.mjs`: PNG screenshots of the dashboard and each wizard, light and dark, at 1280×800, into
// docs/screenshots/. Starts the preview on the legacy simulated machine (the one with the most to show), unless
// SINKGUARD_SCREENSHOT_URL names a preview that is already running.
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

const preview = process.env.SINKGUARD_SCREENSHOT_URL
  ? { url: process.env.SINKGUARD_SCREENSHOT_URL, stop: () => undefined }
  : await startPreview();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'],
});
try {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    await page.goto(preview.url);
    await page.getByTestId('posture').waitFor({ timeout: 60_000 });
    for (const shot of shots) {
      await page.getByTestId(`nav-${shot.nav}`).click();
      if (shot.step !== undefined) await page.getByTestId(`step-${shot.step}`).click();
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400);
      const file = `${outDir}/${shot.name}-${colorScheme}.png`;
      await page.screenshot({ path: file });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
  preview.stop();
}
