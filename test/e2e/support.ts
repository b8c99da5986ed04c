import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { requireTool } from '../support/lane';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The e2e lane needs Debian's Chromium: skipped locally with a reason when missing, a failure under CI=true. */
export const hasChromium = (): boolean => requireTool('e2e lane (Chromium)', CHROMIUM, ['--version']);

export interface RunningPreview {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `npm run preview` exactly as a developer would (the build is made once by `npm test`/`npm run test:e2e`)
 * and waits for the URL it prints.
 */
export async function startPreview(
  machine = 'simulated:stock',
  env: Record<string, string> = {},
  script = 'scripts/preview.mjs',
): Promise<RunningPreview> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, SINKGUARD_SKIP_BUILD: '1', SINKGUARD_PREVIEW_MACHINE: machine },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Playwright gives each launch a fresh, throwaway profile of its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface PreviewSession {
  readonly preview: RunningPreview;
  readonly browser: Browser;
}

/** One preview (a fresh simulated machine) and one Chromium for the enclosing describe block. */
export function usePreviewSession(machine: string, env: Record<string, string> = {}): PreviewSession {
  const session = {} as { preview: RunningPreview; browser: Browser };
  beforeAll(async () => {
    session.preview = await startPreview(machine, env);
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.preview?.stop();
  });
  return session;
}

/** Sets the preview's fault switch (started with SINKGUARD_PREVIEW_FAULTS=1): operations to fail, channels to garble. */
export async function setFaults(
  preview: RunningPreview,
  faults: { fail?: readonly string[]; garble?: readonly string[] },
): Promise<void> {
  const url = new URL(preview.url);
  const response = await fetch(new URL('/__sinkguard/fault', url.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sinkguard-token': url.searchParams.get('token')! },
    body: JSON.stringify({ fail: faults.fail ?? [], garble: faults.garble ?? [] }),
  });
  if (!response.ok) throw new Error(`fault switch refused: ${response.status} ${await response.text()}`);
}
