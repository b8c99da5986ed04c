import { readFile } from 'node:fs/promises';
import { CliExit, ExitCode, type CliIO } from '../cli/io';
import { PlanInputError } from '../domain/changes/index';
import {
  ProfileError,
  builtInProfile,
  isBuiltInProfileName,
  parseProfileText,
  type Profile,
} from '../domain/profiles/index';
import { RegistryError } from '../registry/errors';
import { ChangeRefusedError, type TransactionOutcome } from './engine';
import { RegistryChoiceError } from '../registry/select';
import { openEngineForCli, type EngineSetup } from './cli-support';

/** Exit 1: refused before writing, or rolled back (the registry is as before). */
export const EXIT_REFUSED = ExitCode.findings;

export interface ChangeCommandOptions {
  readonly registry?: string;
  readonly log?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
}

export async function loadProfileChoice(choice: string): Promise<Profile> {
  if (isBuiltInProfileName(choice)) return builtInProfile(choice);
  let text: string;
  try {
    text = await readFile(choice, 'utf8');
  } catch (error) {
    throw new CliExit(
      ExitCode.error,
      `cannot read profile file ${choice}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseProfileText(text.replace(/^\uFEFF/, ''), choice);
  } catch (error) {
    if (error instanceof ProfileError) throw new CliExit(ExitCode.error, error.message);
    throw error;
  }
}

export async function openEngine(options: ChangeCommandOptions, io: CliIO): Promise<EngineSetup> {
  try {
    return await openEngineForCli(options, io);
  } catch (error) {
    if (error instanceof RegistryChoiceError || error instanceof RegistryError)
      throw new CliExit(ExitCode.error, error.message);
    throw error;
  }
}

/** Runs `work`, turning the engine's typed failures into one-line exits with the documented codes. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ChangeRefusedError) {
      const code =
        error.code === 'backend' || error.code === 'invalid-input' || error.code === 'not-found'
          ? ExitCode.error
          : EXIT_REFUSED;
      const details = error.details.length > 0 ? `\n  ${error.details.join('\n  ')}` : '';
      throw new CliExit(code, `refused (${error.code}): ${error.message}${details}`);
    }
    if (error instanceof PlanInputError) throw new CliExit(ExitCode.error, error.message);
    if (error instanceof RegistryError) throw new CliExit(ExitCode.error, `registry: ${error.message}`);
    throw error;
  }
}

/** Asks on the terminal; without one (and without --yes) refuses with exit 2, as installers expect. */
export async function confirm(io: CliIO, question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!io.stdinIsTTY) {
    throw new CliExit(ExitCode.error, 'no terminal to confirm on: pass --yes to run unattended');
  }
  io.stdout(`${question} [y/N] `);
  const answer = (await io.readLine()).trim();
  return /^y(es)?$/i.test(answer);
}

/**
 * Start-up recovery: an apply or restore that began and never finished is undone (with --yes) or offered.
 * Returns false when one is pending and was not recovered (the caller stops).
 */
export async function recoverOrOffer(
  setup: EngineSetup,
  io: CliIO,
  yes: boolean | undefined,
): Promise<boolean> {
  const pending = await setup.engine.interrupted();
  if (pending.length === 0) return true;
  const list = pending
    .map((entry) => `  ${entry.id}  ${entry.operation} ${entry.target} (began ${entry.at} by ${entry.user})`)
    .join('\n');
  if (!yes) {
    io.stderr(
      `sinkguard: ${pending.length} change(s) began and never finished (interrupted):\n${list}\n` +
        'Run `sinkguard restore --interrupted --yes` to put the registry back as it was before them.\n',
    );
    return false;
  }
  io.stderr(`sinkguard: recovering ${pending.length} interrupted change(s):\n${list}\n`);
  for (const outcome of await setup.engine.recoverInterrupted()) io.stderr(`sinkguard: ${outcome.message}\n`);
  return true;
}

export function exitCodeFor(outcome: TransactionOutcome): ExitCode {
  switch (outcome.status) {
    case 'applied':
    case 'restored':
    case 'nothing-to-do':
      return ExitCode.ok;
    case 'rolled-back':
      return EXIT_REFUSED;
    case 'rollback-failed':
      return ExitCode.error;
  }
}

export function renderOutcome(outcome: TransactionOutcome): string {
  const details = outcome.details.map((line) => `  - ${line}`).join('\n');
  return `${outcome.status}: ${outcome.message}\n${details ? `${details}\n` : ''}`;
}
