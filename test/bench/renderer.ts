import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, startPreview } from '../e2e/support';
import { buildOut, fmt, interleavedMediansMs, median, type BenchSection } from './harness';

const RENDERER_DIR = 'out/renderer';
const BASELINE_DIR = 'out/bench-baseline';
const RUNS = 7;
const GOALS = { firstPaint: 1.3, auditVisible: 1.6, initialGzipKiB: 180 } as const;

const gzipBytes = async (path: string) => gzipSync(await readFile(path), { level: 9 }).length;

/** Raw and gzip bytes of every file of the production renderer bundle (out/renderer). */
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
          gzip: await gzipBytes(path),
        });
    }
  };
  await walk(RENDERER_DIR);
  return sizes.sort((a, b) => b.gzip - a.gzip);
}

/** What the first screen loads: index.html, its entry script and the chunks it preloads (not the lazy pages). */
async function initialGzip(): Promise<number> {
  const html = await readFile(join(RENDERER_DIR, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.?\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (match) => match[1]!,
  );
  let total = await gzipBytes(join(RENDERER_DIR, 'index.html'));
  for (const file of new Set(files)) total += await gzipBytes(join(RENDERER_DIR, file));
  return total;
}

/** A bare React + MUI page (test/bench/baseline) built by Vite like the renderer: minified, React plugin. */
async function buildBaseline(): Promise<void> {
  await build({
    configFile: false,
    root: fileURLToPath(new URL('./baseline', import.meta.url)),
    plugins: [react()],
    logLevel: 'warn',
    build: {
      outDir: fileURLToPath(new URL(`../../${BASELINE_DIR}`, import.meta.url)),
      emptyOutDir: true,
      minify: true,
    },
  });
}

/** Serves the baseline's files on 127.0.0.1, as the preview serves the renderer's. */
async function serveBaseline(): Promise<{ url: string; server: Server }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer((request, response) => {
    const path = request.url === '/' ? '/index.html' : (request.url ?? '/').split('?')[0]!;
    readFile(join(BASELINE_DIR, path.replace(/\.\./g, ''))).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * Records, in the page, first contentful paint (PerformanceObserver 'paint') and the moment the posture
 * (data-testid="posture": the audit on screen, or the baseline's card) enters the DOM, both from navigation start.
 */
const MARKS_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {});
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') marks.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="posture"]')) return;
    marks.visible = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
})();`;

async function loadMarks(browser: Browser, url: string): Promise<{ fcp: number; visible: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(MARKS_SCRIPT);
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const marks = (globalThis as unknown as { __benchMarks: { fcp?: number; visible?: number } })
          .__benchMarks;
        return marks.fcp !== undefined && marks.visible !== undefined ? marks : null;
      },
      undefined,
      { timeout: 60_000 },
    );
    return await page.evaluate(
      () => (globalThis as unknown as { __benchMarks: { fcp: number; visible: number } }).__benchMarks,
    );
  } finally {
    await context.close();
  }
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT');

/**
 * The renderer's bundle sizes, and the dashboard's first paint and audit on screen in headless Chromium through the
 * preview (legacy simulated machine) against a bare React + MUI page built the same way, taken in turns.
 */
export async function bench(): Promise<BenchSection> {
  buildOut();
  await buildBaseline();
  const sizes = await bundleSizes();
  const total = sizes.reduce((sum, size) => ({ bytes: sum.bytes + size.bytes, gzip: sum.gzip + size.gzip }), {
    bytes: 0,
    gzip: 0,
  });
  const initialKiB = (await initialGzip()) / 1024;
  const preview = await startPreview('simulated:legacy');
  const baseline = await serveBaseline();
  const browser = await launchChromium();
  try {
    const marks = {
      baseline: [] as { fcp: number; visible: number }[],
      dashboard: [] as { fcp: number; visible: number }[],
    };
    await interleavedMediansMs(
      {
        baseline: async () => marks.baseline.push(await loadMarks(browser, baseline.url)),
        dashboard: async () => marks.dashboard.push(await loadMarks(browser, preview.url)),
      },
      RUNS,
    );
    // The warm-up round is the first of each; the figures are the pages' own marks, not the wall time around them.
    const of = (runs: { fcp: number; visible: number }[], key: 'fcp' | 'visible') =>
      median(runs.slice(1).map((run) => run[key]));
    const fcp = { baseline: of(marks.baseline, 'fcp'), dashboard: of(marks.dashboard, 'fcp') };
    const visible = { baseline: of(marks.baseline, 'visible'), dashboard: of(marks.dashboard, 'visible') };
    const fcpRatio = fcp.dashboard / fcp.baseline;
    const visibleRatio = visible.dashboard / visible.baseline;
    return {
      title: 'Renderer',
      lines: [
        `Headless Chromium, fresh context per load, medians of ${RUNS} loads taken in turns (baseline, dashboard) after a warm-up round. ` +
          'Baseline: a bare React + MUI page (test/bench/baseline) built by Vite the same way. "Audit visible": the posture on screen (the baseline: its card).',
        '',
        '| Figure | Baseline | Dashboard | Ratio | Goal | Met |',
        '|---|---:|---:|---:|---:|---|',
        `| First contentful paint | ${fmt(fcp.baseline)} ms | ${fmt(fcp.dashboard)} ms | ${fmt(fcpRatio, 2)}× | ≤ ${GOALS.firstPaint}× | ${verdict(fcpRatio <= GOALS.firstPaint)} |`,
        `| Audit visible | ${fmt(visible.baseline)} ms | ${fmt(visible.dashboard)} ms | ${fmt(visibleRatio, 2)}× | ≤ ${GOALS.auditVisible}× | ${verdict(visibleRatio <= GOALS.auditVisible)} |`,
        `| Initial bundle (index.html, entry, preloaded chunks), gzip | – | ${fmt(initialKiB)} KiB | – | ≤ ${GOALS.initialGzipKiB} KiB | ${verdict(initialKiB <= GOALS.initialGzipKiB)} |`,
        '',
        '| Bundle file | Size |',
        '|---|---|',
        `| All files | ${fmt(total.bytes / 1024)} KiB (${fmt(total.gzip / 1024)} KiB gzip) |`,
        ...sizes
          .slice(0, 4)
          .map(
            (size) => `| ${size.file} | ${fmt(size.bytes / 1024)} KiB (${fmt(size.gzip / 1024)} KiB gzip) |`,
          ),
      ],
    };
  } finally {
    await browser.close();
    await preview.stop();
    await new Promise((resolve) => baseline.server.close(resolve));
  }
}
