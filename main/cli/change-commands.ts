import { appendFile } from 'node:fs/promises';
import { CliExit, ExitCode, type CliIO } from './io';
import {
  PlanInputError,
  RelaunchArgumentError,
  elevatedRelaunchCommand,
  quoteWindowsArgument,
  renderPlanText,
  type Plan,
} from '../domain/changes/index';
import { RegistryError } from '../registry/errors';
import {
  ChangeRefusedError,
  type ChangeRefusalCode,
  type PlanRequest,
  type TransactionOutcome,
} from '../changes/engine';
import { planToJson } from '../contract/changes';
import { RegistryChoiceError } from '../registry/select';
import { openEngineForCli, type EngineSetup } from './change-engine';
import { exitCodesHelp } from './exit-codes-help';

/** Exit 1: SinkGuard decided not to change anything (a safety rule, or the admin said no), or rolled back. */
export const EXIT_REFUSED = ExitCode.findings;

/** The exit codes of plan, apply, history and restore, as `--help` prints them. */
export const CHANGE_EXIT_CODES_HELP = exitCodesHelp({
  ok: 'done: applied, restored, nothing to do, or the plan/history printed',
  findings:
    'refused, nothing written: not elevated, managed by Group Policy, stale plan, a change interrupted\n' +
    'earlier (restore it first), an unsafe data folder, a step that cannot run here (preflight: e.g. the\n' +
    'firewall cmdlets off Windows, without the NetSecurity module, or a rule owned by Group Policy; the\n' +
    'message names it: use --no-firewall to take the registry part only), a backup the change journal does\n' +
    'not vouch for (restore: another SHA-256 or key list than recorded, or a key SinkGuard does not manage),\n' +
    'or the confirmation declined;\n' +
    'also a change that failed and was rolled back (everything it touched reads as before, verified)',
  error:
    'bad usage or input, no terminal to confirm on without --yes, unknown id, or the registry backend\n' +
    'failing before anything was written',
  incomplete:
    'a rollback or restore did not complete, so the machine holds part of a change (the\n' +
    'message names exactly what remains, and the backup to restore)',
});

/** Refusal codes that mean "could not" (exit 2) rather than "would not" (exit 1). */
const ERROR_REFUSALS: ReadonlySet<ChangeRefusalCode> = new Set(['backend', 'invalid-input', 'not-found']);

export interface ChangeCommandOptions {
  readonly registry?: string;
  readonly log?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
}

/** `--profile`: the CLI's one reading of it (built-in names in any case, or a profile file). */
export { loadProfileChoice } from './profile-choice';

export async function openEngine(options: ChangeCommandOptions, io: CliIO): Promise<EngineSetup> {
  try {
    return await openEngineForCli(options, io);
  } catch (error) {
    if (error instanceof RegistryChoiceError || error instanceof RegistryError)
      throw new CliExit(ExitCode.error, error.message);
    throw error;
  }
}

/**
 * The exact command that starts this same command again elevated (through UAC), on Windows; null elsewhere or
 * when it cannot be told how this process was started.
 */
export function relaunchHint(io: Pick<CliIO, 'platform' | 'invocation'>): string | null {
  if (io.platform !== 'win32' || !io.invocation) return null;
  try {
    const { program, args } = elevatedRelaunchCommand(io.invocation.executable, io.invocation.args);
    return [program, ...args].map(quoteWindowsArgument).join(' ');
  } catch (error) {
    if (error instanceof RelaunchArgumentError) return null;
    throw error;
  }
}

/** Runs `work`, turning the engine's typed failures into one-line exits with the documented codes. */
export async function guarded<T>(
  work: () => Promise<T>,
  io?: Pick<CliIO, 'platform' | 'invocation'>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ChangeRefusedError) {
      const code = ERROR_REFUSALS.has(error.code) ? ExitCode.error : EXIT_REFUSED;
      const details = error.details.length > 0 ? `\n  ${error.details.join('\n  ')}` : '';
      const relaunch = error.code === 'not-elevated' && io ? relaunchHint(io) : null;
      const way = relaunch
        ? `\nRun it elevated (Windows asks for consent, and it runs in a new window):\n  ${relaunch}`
        : '';
      throw new CliExit(code, `refused (${error.code}): ${error.message}${details}${way}`);
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

export type RecoveryResult = 'none' | 'recovered' | 'declined' | 'failed';

/**
 * Start-up recovery: an apply or restore that began and never finished is offered for restore (asked on a
 * terminal) and restored with --yes. Anything but 'none' or 'recovered' means the caller stops.
 */
export async function recoverOrOffer(
  setup: EngineSetup,
  io: CliIO,
  yes: boolean | undefined,
): Promise<RecoveryResult> {
  const pending = await setup.engine.interrupted();
  if (pending.length === 0) return 'none';
  const list = pending
    .map((entry) => `  ${entry.id}  ${entry.operation} ${entry.target} (began ${entry.at} by ${entry.user})`)
    .join('\n');
  io.stderr(
    `sinkguard: ${pending.length} change(s) began and never finished (interrupted); the registry may hold part of them:\n${list}\n`,
  );
  if (!yes) {
    const ask = io.stdinIsTTY && (await confirm(io, 'Restore the registry as it was before them?', false));
    if (!ask) {
      io.stderr(
        'Nothing was changed. Run `sinkguard restore --interrupted --yes` to put the registry back as it was before them.\n',
      );
      return 'declined';
    }
  }
  for (const outcome of await setup.engine.recoverInterrupted()) {
    io.stderr(`sinkguard: ${outcome.status}: ${outcome.message}\n`);
    if (outcome.status !== 'restored') return 'failed';
  }
  return 'recovered';
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
      return ExitCode.incomplete;
  }
}

export function renderOutcome(outcome: TransactionOutcome): string {
  const details = outcome.details.map((line) => `  - ${line}`).join('\n');
  return `${outcome.status}: ${outcome.message}\n${details ? `${details}\n` : ''}`;
}

/** `--log FILE`: plain-text lines appended as things happen (see formatLogLine for the engine's steps). */
export interface CommandLog {
  readonly path: string | undefined;
  /** Appends `<time> <id> <text>`; the id is a transaction or plan id, or `-`. */
  line(id: string, text: string): Promise<void>;
}

export function commandLog(path: string | undefined, now: () => Date = () => new Date()): CommandLog {
  return {
    path,
    line: async (id, text) => {
      if (path !== undefined) await appendFile(path, `${now().toISOString()} ${id} ${text}\n`);
    },
  };
}

/**
 * Runs a change command with its log: a first line before anything happens (a log that cannot be written stops
 * the command with exit 2, before any change), then whatever the command logs, then how it ended: the exit code
 * and, for a refusal or an error, its message.
 */
export async function runLogged(
  log: CommandLog,
  command: string,
  result: { code: ExitCode },
  work: () => Promise<string | void>,
): Promise<void> {
  try {
    await log.line('-', `sinkguard ${command} started`);
  } catch (error) {
    throw new CliExit(
      ExitCode.error,
      `cannot write the log file ${log.path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let summary: string | void;
  try {
    summary = await work();
  } catch (error) {
    const code = error instanceof CliExit ? error.code : ExitCode.error;
    const message = (error instanceof Error ? error.message : String(error)).replace(/\n\s*/g, ' | ');
    await log.line('-', `sinkguard ${command} exit ${code}: ${message}`).catch(() => undefined);
    throw error;
  }
  await log.line('-', `sinkguard ${command} exit ${result.code}${summary ? `: ${summary}` : ''}`);
}

/**
 * What `apply` and `appid set` do once the engine is open: start-up recovery first, then plan, show the review (or
 * JSON), ask (or --yes), apply, and print the outcome. Returns the line that ends the command's log.
 */
export async function planAndApply(
  setup: EngineSetup,
  io: CliIO,
  options: ChangeCommandOptions & { readonly technical?: boolean },
  result: { code: ExitCode },
  log: CommandLog,
  request: PlanRequest,
): Promise<string> {
  const recovery = await guarded(() => recoverOrOffer(setup, io, options.yes), io);
  await log.line('-', `start-up recovery: ${recovery}`);
  if (recovery === 'declined' || recovery === 'failed') {
    result.code = recovery === 'declined' ? EXIT_REFUSED : ExitCode.incomplete;
    return recovery === 'declined'
      ? 'refused: a change interrupted earlier was not restored'
      : 'the interrupted change could not be restored';
  }
  const plan = await guarded(() => setup.engine.createPlan(request), io);
  await log.line(plan.id, `plan ok: ${plan.diff.length} setting(s) for ${planSubject(plan.target)}`);
  if (!options.json) io.stdout(renderPlanText(plan, { technical: options.technical === true }));
  if (
    plan.valueChanges.length + plan.firewallChanges.length > 0 &&
    !(await confirm(io, 'Apply these changes?', options.yes))
  ) {
    io.stdout('Nothing was changed.\n');
    result.code = EXIT_REFUSED;
    return 'declined: nothing was changed';
  }
  const outcome = await guarded(() => setup.engine.applyPlan(plan.id), io);
  io.stdout(
    options.json
      ? `${JSON.stringify({ plan: planToJson(plan), outcome }, null, 2)}\n`
      : renderOutcome(outcome),
  );
  result.code = exitCodeFor(outcome);
  return `${outcome.status}: ${outcome.message}`;
}

/** What a plan is for, in the log: the profile's name, `edits`, or the application's AppID. */
function planSubject(target: Plan['target']): string {
  return target.kind === 'profile'
    ? target.name
    : target.kind === 'appid'
      ? `appid ${target.application.guid}`
      : 'edits';
}
