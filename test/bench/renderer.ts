import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, startPreview } from '../e2e/support';
import { buildOut, fmt, medianMs, type BenchSection } from './harness';

const RENDERER_DIR = 'out/renderer';

/** Raw and gzip bytes of every file of the production renderer bundle (out/renderer, built by bench() first). */
async function bundleSizes(): Promise<{ file: string; bytes: number; gzip: number }[]> {
  const sizes: { file: string; bytes: number; gzip: number }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        sizes.push({
          file: path.slice(RENDERER_DIR.length + 1),
          bytes: (await stat(path)).size,
          gzip: gzipSync(await readFile(path), { level: 9 }).length,
        });
    }
  };
  await walk(RENDERER_DIR);
  return sizes.sort((a, b) => b.gzip - a.gzip);
}

/**
 * The renderer's bundle size and the dashboard's time to first render in headless Chromium through the preview
 * (legacy simulated machine): from navigation to the posture gauge on screen, median of 5 fresh pages.
 */
export async function bench(): Promise<BenchSection> {
  buildOut();
  const sizes = await bundleSizes();
  const total = sizes.reduce((sum, size) => ({ bytes: sum.bytes + size.bytes, gzip: sum.gzip + size.gzip }), {
    bytes: 0,
    gzip: 0,
  });
  const preview = await startPreview('simulated:legacy');
  const browser = await launchChromium();
  try {
    const firstRender = await medianMs(async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(preview.url);
      await page.getByTestId('posture').waitFor({ timeout: 60_000 });
      await context.close();
    }, 5);
    return {
      title: 'Renderer',
      lines: [
        '| Figure | Value |',
        '|---|---|',
        `| Production bundle, all files | ${fmt(total.bytes / 1024)} KiB (${fmt(total.gzip / 1024)} KiB gzip) |`,
        ...sizes
          .slice(0, 3)
          .map(
            (size) => `| ${size.file} | ${fmt(size.bytes / 1024)} KiB (${fmt(size.gzip / 1024)} KiB gzip) |`,
          ),
        `| Dashboard time to first render (navigation → audit on screen, median of 5) | ${fmt(firstRender)} ms |`,
      ],
    };
  } finally {
    await browser.close();
    await preview.stop();
  }
}
