import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, startPreview, usePreviewSession } from './support';
import { goTo, untilText } from './ui-helpers';
import pkg from '../../package.json';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const enabled = hasChromium();
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

// Whether or not Electron's binary is installed here, the fallback runs: an empty ELECTRON_OVERRIDE_DIST_PATH (which
// Electron's own launcher honours too) is a machine where the binary is missing.
const noElectron = { ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'sinkguard-no-electron-')) };

describe.runIf(enabled)("npm start where Electron's binary is missing", () => {
  it('says so in one line and serves the preview, which Chromium renders with the info page', async () => {
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
    expect(electronBinary(noElectron)).toBeNull();
    const preview = await startPreview('simulated:stock', noElectron, 'scripts/start.mjs');
    const browser = await launchChromium();
    try {
      expect(preview.output()).toContain(
        "Electron's binary is not installed on this machine; starting the browser preview instead.",
      );
      const page = await browser.newPage();
      await page.goto(preview.url);
      await untilText(page.getByTestId('info-version'), exactly(pkg.version));
      expect(await page.getByTestId('info-registry-backend').textContent()).toContain('stock');
    } finally {
      await browser.close();
      await preview.stop();
    }
  });
});

describe.runIf(enabled)('the app in Chromium, through the preview', () => {
  const session = usePreviewSession('simulated:legacy');

  it('shows the info page filled from the router', async () => {
    const page = await session.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(session.preview.url);
    await untilText(page.getByTestId('info-version'), exactly(pkg.version));
    expect(await page.getByTestId('registry-kind').textContent()).toBe('simulated');
    expect(await page.getByTestId('info-registry-backend').textContent()).toContain('legacy');
    expect(await page.getByTestId('info-runtime').textContent()).toContain('preview');
    // About: what chose the machine, named as it was (an environment variable, not --registry), and the machine.
    await goTo(page, 'info');
    await page.getByTestId('info-why-this-backend').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('info-why-this-backend').textContent()).toContain(
      'chosen with the SINKGUARD_PREVIEW_MACHINE environment variable',
    );
    expect(await page.getByTestId('info-windows-build').textContent()).toBe('Simulated machine (legacy)');
    expect(await page.getByTestId('info-domain-or-workgroup').textContent()).toMatch(/^Not known: .*offline/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives the page no require, process or ipcRenderer, and a frozen window.sinkguard', async () => {
    const page = await session.browser.newPage();
    await page.goto(session.preview.url);
    await page.getByTestId('info-version').waitFor();
    const reach = await page.evaluate(() => ({
      require: typeof (window as unknown as Record<string, unknown>).require,
      process: typeof (window as unknown as Record<string, unknown>).process,
      ipcRenderer: typeof (window as unknown as Record<string, unknown>).ipcRenderer,
      sinkguardKeys: Object.keys(window.sinkguard).sort(),
      frozen: Object.isFrozen(window.sinkguard),
    }));
    expect(reach).toEqual({
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: 'undefined',
      sinkguardKeys: ['channels', 'events', 'invoke', 'on'],
      frozen: true,
    });
    await page.close();
  });

  it('enforces the CSP: an inline script does not run', async () => {
    const page = await session.browser.newPage();
    await page.goto(session.preview.url);
    await page.getByTestId('info-version').waitFor();
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await page.close();
  });

  it('refuses the page without the run token, and bridge calls without it', async () => {
    const page = await session.browser.newPage();
    const origin = new URL(session.preview.url).origin;
    const bare = await page.goto(`${origin}/`);
    expect(bare?.status()).toBe(403);
    const status = await page.evaluate(async () => {
      const response = await fetch('/__sinkguard/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sinkguard-token': 'guess' },
        body: JSON.stringify({ channel: 'app:info', payload: {} }),
      });
      return response.status;
    });
    expect(status).toBe(403);
    await page.close();
  });
});
