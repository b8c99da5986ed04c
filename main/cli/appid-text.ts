import {
  appIdKeyPath,
  describeHosting,
  describeIdentity,
  isAtFault,
  showAuthenticationLevel,
  worstFinding,
  type AppIdEntry,
  type AppIdInventory,
  type AppIdPermission,
} from '../domain/appids/index';

/** `sinkguard appid list` and `show` as text, in admins' words; SDDL only under "Technical details". */

const truncate = (text: string, width: number): string =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;

/** The worst finding's severity, `at fault` or not: the list's first column. */
export const standingOfEntry = (entry: AppIdEntry): string =>
  isAtFault(entry) ? (worstFinding(entry) ?? 'ok') : worstFinding(entry) === null ? 'ok' : 'advice';

export function renderAppIdList(
  inventory: AppIdInventory,
  shown: readonly AppIdEntry[],
  machine: string,
): string {
  const atFault = inventory.entries.filter(isAtFault).length;
  const lines = [
    `DCOM applications (AppIDs) on ${machine}: ${inventory.entries.length}, ${atFault} at fault`,
    '',
    `${'STANDING'.padEnd(10)}${'APPID'.padEnd(40)}${'NAME'.padEnd(36)}${'RUNS AS'.padEnd(35)}HOSTED BY`,
  ];
  for (const entry of shown) {
    lines.push(
      `${standingOfEntry(entry).padEnd(10)}${entry.guid.padEnd(40)}${truncate(entry.name, 35)} ` +
        `${truncate(describeIdentity(entry.identity), 34)} ${describeHosting(entry.hosting)}` +
        (entry.view === '32-bit' ? ' (32-bit view)' : ''),
    );
  }
  for (const key of inventory.unreadable) lines.push(`unreadable ${key.path}: ${key.problem}`);
  lines.push(
    '',
    `${shown.length} shown. \`sinkguard appid show <AppID or program.exe>\` explains one; “advice” marks an identity that ` +
      'would fail callbacks to another machine on an application nobody opened to the network.',
  );
  return `${lines.join('\n')}\n`;
}

function permissionLines(title: string, permission: AppIdPermission, fallback: string): string[] {
  switch (permission.kind) {
    case 'machine-default':
      return [`${title}: the machine default (${fallback})`];
    case 'invalid':
      return [`${title}: unusable (${permission.problem})`];
    case 'custom':
      return [
        `${title}: its own`,
        ...permission.grants.map(
          (grant) =>
            `  ${grant.principal} → ${grant.allow.join(', ') || 'nothing allowed'}` +
            (grant.deny.length > 0 ? `; denied ${grant.deny.join(', ')}` : ''),
        ),
      ];
  }
}

export function renderAppIdShow(entry: AppIdEntry): string {
  const level =
    entry.authenticationLevel === null
      ? 'not set (the machine’s LegacyAuthenticationLevel applies)'
      : showAuthenticationLevel(entry.authenticationLevel);
  const lines = [
    entry.name,
    `  AppID: ${entry.guid}${entry.view === '32-bit' ? ' (32-bit view)' : ''}`,
    ...(entry.executables.length > 0 ? [`  Executables: ${entry.executables.join(', ')}`] : []),
    `  Hosted by: ${describeHosting(entry.hosting)}`,
    `  Runs as: ${describeIdentity(entry.identity)}`,
    `  Authentication level: ${level}`,
    '',
    ...permissionLines('Launch and activation permission', entry.launch, 'DefaultLaunchPermission'),
    ...permissionLines('Access permission', entry.access, 'DefaultAccessPermission'),
    '',
  ];
  if (entry.findings.length === 0) lines.push('Findings: none.');
  else {
    lines.push(isAtFault(entry) ? 'Findings (at fault):' : 'Findings (advice only):');
    for (const finding of entry.findings) lines.push(`  [${finding.severity}] ${finding.text}`);
  }
  if (entry.hosting.kind === 'service')
    lines.push(
      '',
      `Its identity is the ${entry.hosting.service} service’s logon account: change it in Services or with ` +
        `\`sc config ${entry.hosting.service} obj= ...\`, not in the AppID.`,
    );
  lines.push('', 'Technical details', `  Key: ${appIdKeyPath(entry)}`);
  for (const [name, permission] of [
    ['LaunchPermission', entry.launch],
    ['AccessPermission', entry.access],
  ] as const) {
    lines.push(
      `  ${name}: ${permission.kind === 'custom' ? permission.sddl : permission.kind === 'invalid' ? 'unusable' : 'absent'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
