import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import type { App } from 'electron';
import { AppError } from '../contract/errors';
import { elevatedRelaunchCommand } from '../domain/changes/elevation';

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
  const powershell = win32.join(
    env.SystemRoot ?? 'C:\\Windows',
    'System32',
    'WindowsPowerShell',
    'v1.0',
    program,
  );
  app.releaseSingleInstanceLock();
  const started = await new Promise<boolean>((resolve) => {
    execFile(powershell, [...args], { windowsHide: true, timeout: 120_000 }, (error) =>
      resolve(error === null),
    );
  });
  if (!started) {
    app.requestSingleInstanceLock();
    throw new AppError(
      'not-elevated',
      'Windows did not start SinkGuard as administrator (the prompt was declined).',
    );
  }
  app.quit();
}
