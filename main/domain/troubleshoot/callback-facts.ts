import { describeIdentity, identityFinding } from '../appids/identity';
import type { AppIdEntry } from '../appids/model';
import type { AuditReport, Finding } from '../audit/report';
import { WATCHED_PRINCIPALS } from '../catalog/types';
import {
  DescriptorError,
  comRightsView,
  grantsRemote,
  parseSddl,
  sidDisplayName,
  type SecurityDescriptor,
} from '../descriptors';

/**
 * What this machine's real state says about a failing callback: the troubleshooter's questions lead to a cause, and
 * these facts say whether that cause is present here, from the audit report (and, where the admin names it, the
 * server application's AppID). Pure: the renderer, CLI or tests hand in what they read.
 */

export type FactStatus = 'problem' | 'ok' | 'unknown';

/** Where a fact is fixed: the finding of a catalog setting (its wizard step), or one DCOM application. */
export type FactFix = { readonly settingId: string } | { readonly appId: string };

export interface MachineFact {
  readonly status: FactStatus;
  readonly text: string;
  readonly fix: FactFix | null;
}

/** The diagnoses whose cause can be checked on the machine (the troubleshooter's diagnosis ids). */
export type CheckedDiagnosis =
  'anonymous-callback' | 'anonymous-callback-limits' | 'firewall-135' | 'firewall-callback' | 'unsecapp';

const ACCESS_LIMIT = 'dcom.machine-access-restriction';
const fact = (status: FactStatus, text: string, fix: FactFix | null = null): MachineFact => ({
  status,
  text,
  fix,
});

function findingOf(report: AuditReport, settingId: string): Finding | undefined {
  return report.findings.find((finding) => finding.settingId === settingId);
}

/** The machine-wide access limit in force (null: it cannot be read). */
function accessLimit(report: AuditReport): SecurityDescriptor | null {
  const raw = findingOf(report, ACCESS_LIMIT)?.effective.raw;
  if (typeof raw !== 'string') return null;
  try {
    return parseSddl(raw);
  } catch (error) {
    if (error instanceof DescriptorError) return null;
    throw error;
  }
}

/** ANONYMOUS LOGON in the limit: the grant that "fixes" anonymous callbacks, and must never be made. */
function anonymousFact(limit: SecurityDescriptor | null): MachineFact {
  const fix = { settingId: ACCESS_LIMIT };
  const name = WATCHED_PRINCIPALS.AN.name;
  if (limit === null) return fact('unknown', `Whether ${name} may call in remotely could not be read.`, fix);
  return grantsRemote(limit, WATCHED_PRINCIPALS.AN.sid, 'access')
    ? fact(
        'problem',
        `This machine’s MachineAccessRestriction lets ${name} call in remotely: anonymous callbacks get through, ` +
          'and so does anyone who does not authenticate. Remove that grant and fix the server’s identity instead.',
        fix,
      )
    : fact('ok', `This machine’s MachineAccessRestriction refuses ${name} remote access, as it should.`);
}

/** Who the limit lets call in remotely: an authenticating server's account must be one of them (or in one). */
function remoteCallersFact(limit: SecurityDescriptor | null): MachineFact {
  const fix = { settingId: ACCESS_LIMIT };
  if (limit === null) return fact('unknown', 'Who may call in remotely could not be read.', fix);
  const callers = comRightsView(limit, 'access')
    .filter((entry) => grantsRemote(limit, entry.sid, 'access') && entry.sid !== WATCHED_PRINCIPALS.AN.sid)
    .map((entry) => sidDisplayName(entry.sid));
  return callers.length === 0
    ? fact(
        'problem',
        'This machine’s MachineAccessRestriction lets nobody call in remotely, so every callback is refused. ' +
          'Give the server’s account Remote Access through Distributed COM Users.',
        fix,
      )
    : fact(
        'ok',
        `This machine’s MachineAccessRestriction lets ${callers.join(', ')} call in remotely: the server’s ` +
          'account must be one of them or a member of one (Distributed COM Users is the group for it).',
      );
}

interface ProfileReach {
  readonly profile: string;
  readonly open: boolean;
  readonly reachableFrom: readonly string[];
  readonly ruleNames?: readonly string[];
}

function reachOf(report: AuditReport, settingId: string): readonly ProfileReach[] | null {
  const raw = findingOf(report, settingId)?.effective.raw;
  return Array.isArray(raw) ? (raw as unknown as ProfileReach[]) : null;
}

/**
 * A firewall target as the callback needs it: closed on every profile is the failure the diagnosis names; open to
 * Any is reachable, but wider than it should be.
 */
function reachFact(report: AuditReport, settingId: string, what: string): MachineFact {
  const fix = { settingId };
  const profiles = reachOf(report, settingId);
  if (profiles === null) return fact('unknown', `Whether ${what} is open could not be read.`, fix);
  const open = profiles.filter((profile) => profile.open);
  if (open.length === 0) {
    return fact(
      'problem',
      `${what} is closed on every firewall profile here: a callback to this machine cannot get through.`,
      fix,
    );
  }
  const names = [...new Set(open.flatMap((profile) => profile.ruleNames ?? []))];
  const where = open.map((profile) => profile.profile).join(', ');
  const rules = names.length > 0 ? ` by ${names.map((name) => `“${name}”`).join(', ')}` : '';
  if (open.some((profile) => profile.reachableFrom.includes('Any'))) {
    return fact(
      'problem',
      `${what} is open to any address on the ${where} profile${open.length > 1 ? 's' : ''}${rules}: ` +
        'callbacks get through, but so does everyone else. Scope it to the servers.',
      fix,
    );
  }
  const from = [...new Set(open.flatMap((profile) => profile.reachableFrom))].join(', ');
  return fact(
    'ok',
    `${what} is open on the ${where} profile${open.length > 1 ? 's' : ''}${rules}, from ${from} only.`,
  );
}

function accessCheckFact(report: AuditReport): MachineFact {
  const fix = { settingId: 'wmi.unsecapp-access-check' };
  const raw = findingOf(report, fix.settingId)?.effective.raw;
  if (raw === 1)
    return fact('ok', 'unsecapp.exe checks who delivers results (UnsecAppAccessControlDefault is 1).');
  if (typeof raw === 'number')
    return fact(
      'problem',
      'unsecapp.exe accepts results from anyone who can reach it (UnsecAppAccessControlDefault is not 1).',
      fix,
    );
  return fact('unknown', 'Whether unsecapp.exe checks who delivers results could not be read.', fix);
}

/**
 * The server application's identity: whether its callbacks can authenticate on another machine, in the inventory's
 * own words (one explanation, whether read here or on the DCOM applications page).
 */
function serverFacts(server: AppIdEntry | null): MachineFact[] {
  if (!server) return [];
  const problem = identityFinding(server.identity, false);
  const name = `“${server.name}”`;
  return [
    problem
      ? fact('problem', `${name}: ${problem.text}`, { appId: server.guid })
      : fact(
          'ok',
          `${name} runs as ${describeIdentity(server.identity)}, which authenticates on the network.`,
        ),
  ];
}

/** The facts that bear on one diagnosis, worst first. */
export function callbackFacts(
  diagnosis: CheckedDiagnosis,
  report: AuditReport,
  server: AppIdEntry | null = null,
): MachineFact[] {
  const facts = ((): MachineFact[] => {
    switch (diagnosis) {
      case 'anonymous-callback':
        return [...serverFacts(server), anonymousFact(accessLimit(report))];
      case 'anonymous-callback-limits': {
        const limit = accessLimit(report);
        return [remoteCallersFact(limit), anonymousFact(limit), ...serverFacts(server)];
      }
      case 'firewall-135':
        return [reachFact(report, 'firewall.endpoint-mapper', 'TCP 135 (the RPC endpoint mapper)')];
      case 'firewall-callback':
        return [
          reachFact(report, 'firewall.unsecapp', 'unsecapp.exe (the WMI callback sink)'),
          reachFact(report, 'firewall.dynamic-rpc', 'The dynamic RPC port range'),
        ];
      case 'unsecapp':
        return [accessCheckFact(report)];
    }
  })();
  const rank: Record<FactStatus, number> = { problem: 0, unknown: 1, ok: 2 };
  return facts.sort((a, b) => rank[a.status] - rank[b.status]);
}
