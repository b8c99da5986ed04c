import { Document, Scalar, type ScalarTag } from 'yaml';
import { foldFlowLines } from 'yaml/util';
import { bytesToHex } from '../descriptors/hex';
import type { RegistryValue } from '../registry-port/types';
import {
  FleetExportError,
  artifactBaseName,
  commentBlock,
  headerLines,
  notCarriedBits,
  notCarriedPolicyValues,
  notCarriedReportedOnly,
  type FleetArtifact,
} from './artifact';
import { wholeValues, type DesiredFirewall, type DesiredState } from './desired-state';
import { notCarriedOtherRules } from './firewall';
import { requireAppIdGuids } from './applications';
import { appIdKeyPath } from '../appids/roots';
import { PROFILE_APPLICATIONS } from '../profiles/index';

/**
 * Ansible templates every string of a playbook; `!unsafe` marks one as data that is never templated, so profile
 * text (and anything else that is not ours) cannot smuggle in `{{ ... }}`.
 */
export const UNSAFE_TAG = '!unsafe';

/** ansible-lint's yaml[line-length] limit; the playbook stays inside it, comments included. */
export const ANSIBLE_LINE_LIMIT = 160;
/** Where the `yaml` package folds; below the limit so an indented line never reaches it. */
const LINE_WIDTH = 120;

/**
 * A `!unsafe` string as a YAML double-quoted scalar in printable ASCII. Ansible reads YAML 1.1 (PyYAML), where
 * U+0085, U+2028 and U+2029 are line breaks and DEL is not allowed, while the `yaml` package writes YAML 1.2:
 * every character outside printable ASCII becomes an escape both read alike (astral ones one `\U` escape, since
 * PyYAML does not join a `\u` surrogate pair). A space next to another space, or at either end, is escaped too:
 * folding may break a line only at a single space between words (read back as that space) or by an escaped line
 * break, after which YAML drops the next line's leading spaces, so none may start there.
 */
function asciiDoubleQuoted(text: string): string {
  const json = JSON.stringify(text).replace(/[^\x20-\x7e]/gu, (char) => {
    const code = char.codePointAt(0)!;
    return code > 0xffff
      ? `\\U${code.toString(16).padStart(8, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return json.replace(/ /g, (space, index: number) =>
    index === 1 || index === json.length - 2 || json[index - 1] === ' ' || json[index + 1] === ' '
      ? '\\x20'
      : space,
  );
}

/** How the `yaml` package writes `!unsafe` scalars: ASCII escapes, folded with its own line folder. */
const unsafeTag: ScalarTag = {
  tag: UNSAFE_TAG,
  identify: () => false,
  resolve: (value) => value,
  stringify: (item, context) =>
    foldFlowLines(asciiDoubleQuoted(String((item as Scalar).value)), context.indent, 'quoted', {
      indentAtStart: context.indentAtStart,
      lineWidth: context.options.lineWidth,
      minContentWidth: context.options.minContentWidth,
    }),
};

/** Data, never templated. */
function unsafe(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.tag = UNSAFE_TAG;
  return scalar;
}

/**
 * Comment lines kept inside the line limit: a longer one continues on `#   ...` lines that hold the rest of it
 * character for character (cut before a space where one is near, else anywhere), so nothing is lost or merged.
 */
export const COMMENT_CONTINUATION = '#   ...';

function wrapComment(line: string): string[] {
  if (line.length <= ANSIBLE_LINE_LIMIT) return [line];
  const width = ANSIBLE_LINE_LIMIT - COMMENT_CONTINUATION.length;
  const lines: string[] = [];
  let rest = line;
  let room = ANSIBLE_LINE_LIMIT;
  while (rest.length > room) {
    const space = rest.lastIndexOf(' ', room);
    // Cut before a space (which starts the next piece) where that leaves a long enough piece; never leave a
    // piece ending in a space (yamllint's trailing-spaces).
    let cut = space > room / 2 ? space : room;
    while (cut > 1 && rest[cut - 1] === ' ') cut--;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
    room = width;
  }
  lines.push(rest);
  return lines.map((piece, index) => (index === 0 ? piece : `${COMMENT_CONTINUATION}${piece}`));
}

const REGEDIT_TYPES = {
  REG_DWORD: 'dword',
  REG_SZ: 'string',
  REG_MULTI_SZ: 'multistring',
  REG_BINARY: 'binary',
} as const;

function regeditData(value: RegistryValue): number | Scalar | Scalar[] {
  switch (value.type) {
    case 'REG_DWORD':
      return value.data;
    case 'REG_SZ':
      return unsafe(value.data);
    case 'REG_MULTI_SZ':
      return value.data.map(unsafe);
    case 'REG_BINARY':
      // win_regedit takes `hex:` comma-separated bytes, as regedit exports them.
      return unsafe(`hex:${(bytesToHex(value.data).match(/../g) ?? []).join(',')}`);
    default:
      throw new Error(`internal: the ansible export cannot write ${value.type}`);
  }
}

/** Reads the display names of the built-in rules by rule id (win_firewall_rule only addresses display names). */
const LOOKUP_SCRIPT = [
  'param([string[]]$RuleIds)',
  '$Ansible.Changed = $false',
  'foreach ($ruleId in $RuleIds) {',
  '    $rule = Get-NetFirewallRule -Name $ruleId -ErrorAction SilentlyContinue',
  '    if ($null -ne $rule) { [pscustomobject]@{ id = $ruleId; displayName = [string]$rule.DisplayName } }',
  '}',
  '',
].join('\n');

const LOOKUP_RESULT = 'sinkguard_wmi_rules';

function firewallTask(firewall: DesiredFirewall): Record<string, unknown> {
  const ids = firewall.ruleIds.map((id) => `'${id}'`).join(', ');
  const restrict = firewall.action === 'restrict-remote';
  return {
    name: restrict
      ? `Limit the built-in WMI rules to the management scope (${firewall.settingId})`
      : `Disable the built-in WMI rules (${firewall.settingId})`,
    'community.windows.win_firewall_rule': {
      // Rule ids are a fixed catalog list; the display names come from the lookup above (localised on the host).
      name: '{{ item }}',
      ...(restrict ? { remoteip: unsafe(firewall.remoteAddresses.join(',')) } : { enabled: false }),
    },
    loop: `{{ ${LOOKUP_RESULT}.output | selectattr('id', 'in', [${ids}]) | map(attribute='displayName') | unique | list }}`,
  };
}

/**
 * Per application: win_reg_stat checks that its AppID key exists (read only), and each value is set (or removed,
 * `state: absent`, for the machine default) only when it does: win_regedit would otherwise create the key.
 */
function applicationTasks(state: DesiredState): Record<string, unknown>[] {
  const applications = state.applications;
  requireAppIdGuids(applications, 'ansible');
  return applications.flatMap((application, index) => {
    const path = unsafe(
      appIdKeyPath({ guid: application.guid, view: '64-bit' }).replace(/^HKLM\\/i, 'HKLM:\\'),
    );
    const found = `sinkguard_appid_${index}`;
    return [
      {
        name: `Check that the DCOM application ${application.guid} is registered (read only)`,
        'ansible.windows.win_reg_stat': { path },
        register: found,
      },
      ...application.values.map((wanted) => ({
        name: `${wanted.value === null ? 'Remove' : 'Set'} ${wanted.name} of the DCOM application ${application.guid} (${PROFILE_APPLICATIONS.id})`,
        'ansible.windows.win_regedit':
          wanted.value === null
            ? { path, name: unsafe(wanted.name), state: 'absent' }
            : {
                path,
                name: unsafe(wanted.name),
                data: regeditData(wanted.value),
                type: REGEDIT_TYPES[wanted.value.type as keyof typeof REGEDIT_TYPES],
                state: 'present',
              },
        when: `${found}.exists`,
      })),
    ];
  });
}

/** YAML has no way to write a lone UTF-16 surrogate (libyaml, which Ansible uses, rejects the escape). */
function checkCarriable(state: DesiredState): void {
  const fields: [string, string | null][] = [
    ['name', state.profile.name],
    ['description', state.profile.description],
    ...state.profile.managementScope.map((entry, index): [string, string] => [
      `managementScope[${index}]`,
      entry,
    ]),
  ];
  for (const [field, text] of fields) {
    const lone = text === null ? -1 : text.search(/\p{Cs}/u);
    if (lone >= 0) {
      throw new FleetExportError(
        'ansible',
        field,
        `character ${lone + 1} is a lone UTF-16 surrogate, which YAML cannot carry; fix the profile text`,
      );
    }
  }
}

/** The playbook as plain data (tags included), before it becomes YAML. */
export function ansiblePlay(state: DesiredState): Record<string, unknown>[] {
  const tasks: Record<string, unknown>[] = wholeValues(state).map((desired) => ({
    name: `Set ${desired.name} (${desired.settingId})`,
    'ansible.windows.win_regedit': {
      path: unsafe(desired.key.replace(/^HKLM\\/i, 'HKLM:\\')),
      name: unsafe(desired.name),
      data: regeditData(desired.value),
      type: REGEDIT_TYPES[desired.value.type as keyof typeof REGEDIT_TYPES],
      state: 'present',
    },
  }));
  tasks.push(...applicationTasks(state));
  if (state.firewall.length > 0) {
    tasks.push({
      name: 'Look up the built-in WMI firewall rules by rule id (read only)',
      'ansible.windows.win_powershell': {
        script: unsafe(LOOKUP_SCRIPT),
        parameters: { RuleIds: state.firewall.flatMap((firewall) => firewall.ruleIds).map(unsafe) },
      },
      register: LOOKUP_RESULT,
      check_mode: false,
      changed_when: false,
    });
    tasks.push(...state.firewall.map(firewallTask));
  }
  return [
    {
      name: 'SinkGuard hardening profile',
      hosts: 'windows',
      gather_facts: false,
      vars: {
        sinkguard_profile_name: unsafe(state.profile.name),
        ...(state.profile.description === null
          ? {}
          : { sinkguard_profile_description: unsafe(state.profile.description) }),
        sinkguard_management_scope: state.profile.managementScope.map(unsafe),
      },
      tasks,
    },
  ];
}

/**
 * An Ansible playbook (YAML written by the `yaml` package) using ansible.windows.win_regedit and
 * community.windows.win_firewall_rule. Every task is idempotent and supports check mode.
 */
export function compileAnsible(state: DesiredState): FleetArtifact {
  checkCarriable(state);
  const notCarried = [
    ...notCarriedReportedOnly(state),
    ...notCarriedPolicyValues(state),
    ...notCarriedBits(state, 'win_regedit'),
    ...notCarriedOtherRules(state),
  ];
  const notes = [
    'Run against the Windows hosts group: ansible-playbook -i INVENTORY THIS_FILE (limit with -l).',
    'Every value is set as written (a compliant stronger value is replaced by the catalog value).',
    'Security descriptors are set to the Windows default, which removes site-specific grants.',
    'Firewall: the built-in WMI rules are limited to the management scope or disabled; their enabled state is',
    'otherwise kept (this playbook never opens a port).',
    'Profile text is carried only in !unsafe strings, which Ansible never templates.',
  ];
  if (state.applications.length > 0)
    notes.push(
      'DCOM applications (AppID keys) are changed only where win_reg_stat finds the AppID; a value the profile',
      'sets to the machine default is removed (state: absent).',
    );
  const document = new Document(ansiblePlay(state), { customTags: [unsafeTag] });
  // The comment lines are checked single printable lines (commentBlock); `yaml` adds the '#' itself.
  document.commentBefore = commentBlock('#', headerLines(state, 'Ansible playbook', notCarried, notes))
    .flatMap(wrapComment)
    .map((line) => line.slice(1))
    .join('\n');
  const text = document.toString({ lineWidth: LINE_WIDTH });
  return {
    format: 'ansible',
    fileName: `${artifactBaseName(state.profile.name)}.yml`,
    content: { kind: 'text', text },
    notCarried,
    leftAlone: state.leftAlone,
  };
}
