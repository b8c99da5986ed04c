import type { App } from 'electron';
import { AppError } from '../contract/errors';
import { elevatedRelaunchCommand } from '../domain/changes/elevation';
import { runProgram, systemProgramPath } from '../platform/programs';

/**
 * "Relaunch as administrator": start this app again through UAC with the same arguments, then quit. The single-
 * instance lock is released first (the elevated instance would otherwise see us and exit) and taken back if the
 * admin cancels the UAC prompt, in which case PowerShell's Start-Process fails and we stay.
 */
export async function relaunchElevated(
  app: App,
  userArgs: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (process.platform !== 'win32') {
    throw new AppError('not-elevated', 'Relaunching as administrator is possible on Windows only.');
  }
  const { program, args } = elevatedRelaunchCommand(process.execPath, userArgs);
  let powershell: string;
  try {
    powershell = systemProgramPath(env, 'WindowsPowerShell', 'v1.0', program);
  } catch (error) {
    throw new AppError('not-elevated', `Cannot relaunch as administrator: ${(error as Error).message}.`);
  }
  app.releaseSingleInstanceLock();
  // Start-Process fails (a non-zero exit) when the admin declines the UAC prompt.
  const started = await runProgram(powershell, args, { timeoutMs: 120_000 }).then(
    (result) => result.exitCode === 0,
    () => false,
  );
  if (!started) {
    app.requestSingleInstanceLock();
    throw new AppError(
      'not-elevated',
      'Windows did not start SinkGuard as administrator (the prompt was declined).',
    );
  }
  app.quit();
}
