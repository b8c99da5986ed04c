import { execFileSync } from 'node:child_process';

/**
 * A lane that needs an outside tool (Wine, Chromium, ansible...) skips locally with a printed reason when the tool
 * is missing, and fails under CI=true: CI installs its tools, so a missing one is a broken CI, never a pass.
 */
export function requireTool(lane: string, command: string, args: readonly string[] = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    const reason = `${lane}: '${command}' is not available on this machine`;
    if (process.env.CI === 'true') {
      throw new Error(`${reason}; under CI=true this lane must run (.ci/run installs it)`);
    }
    console.warn(`SKIPPED ${reason}`);
    return false;
  }
}

export const isCI = process.env.CI === 'true';

/**
 * Whether tests that need this platform can run here; when not, prints why (a skip never goes unexplained). For
 * platform limits only: a missing tool goes through requireTool, which fails under CI=true.
 */
export function runsHere(what: string, runs: boolean, reason: string): boolean {
  if (!runs) console.warn(`SKIPPED ${what}: ${reason}`);
  return runs;
}
