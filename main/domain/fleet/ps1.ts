import type { RegistryValue } from '../registry-port/types';
import {
  artifactBaseName,
  commentBlock,
  headerLines,
  notCarriedPolicyValues,
  notCarriedReportedOnly,
  utf8Base64,
  type FleetArtifact,
} from './artifact';
import { localValues, type AcceptRule, type DesiredState } from './desired-state';
import { narrowRules, notCarriedOtherRules, type NarrowRule } from './firewall';
import { SCRIPT_BODY } from './ps1-script';
import { APPID_ROOTS } from '../appids/roots';
import { PROFILE_APPLICATIONS } from '../profiles/index';

/** One registry value as the script's data carries it: key without the hive, data in JSON-friendly form. */
export interface PowerShellValue {
  readonly settingId: string;
  /** Below HKEY_LOCAL_MACHINE, e.g. `SOFTWARE\Microsoft\Ole`. */
  readonly key: string;
  readonly name: string;
  readonly type: 'REG_DWORD' | 'REG_SZ' | 'REG_MULTI_SZ' | 'REG_BINARY';
  /** A number (REG_DWORD), a string (REG_SZ), strings (REG_MULTI_SZ) or base64 (REG_BINARY). */
  readonly data: number | string | readonly string[];
  readonly accept: AcceptRule;
}

/** Everything the script acts on. It travels as base64 JSON, so no profile text is ever parsed as code. */
export interface PowerShellData {
  readonly schemaVersion: 2;
  readonly profile: DesiredState['profile'];
  readonly values: readonly PowerShellValue[];
  readonly firewall: DesiredState['firewall'];
  /** SinkGuard's narrow rules, for -OpenFromScopeOn (empty when the profile limits no target to the scope). */
  readonly narrowRules: readonly Omit<NarrowRule, 'expectedRule'>[];
  /** Why there are none although the profile limits a target to the scope (its scope is no firewall scope). */
  readonly narrowRulesRefused: string | null;
  /** Where the script looks for AppID keys, below HKEY_LOCAL_MACHINE: the 64-bit view first, then the 32-bit one. */
  readonly appIdRoots: readonly string[];
  readonly applications: readonly PowerShellApplication[];
}

/** One application the profile names: found on the machine by `guid`, or by `id` (an executable) when null. */
export interface PowerShellApplication {
  readonly settingId: string;
  readonly id: string;
  readonly guid: string | null;
  /** `remove`: the value is deleted (type, data and accept are then null). */
  readonly values: readonly (
    | (Pick<PowerShellValue, 'name' | 'type' | 'data' | 'accept'> & { readonly remove: false })
    | {
        readonly name: string;
        readonly remove: true;
        readonly type: null;
        readonly data: null;
        readonly accept: null;
      }
  )[];
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function scriptValue(value: RegistryValue): Pick<PowerShellValue, 'type' | 'data'> {
  switch (value.type) {
    case 'REG_DWORD':
    case 'REG_SZ':
    case 'REG_MULTI_SZ':
      return { type: value.type, data: value.data };
    case 'REG_BINARY':
      return { type: 'REG_BINARY', data: base64(value.data) };
    default:
      // The catalog only has these four types; anything else is a programming error, not bad input.
      throw new Error(`internal: the ps1 export cannot write ${value.type}`);
  }
}

export function powerShellData(state: DesiredState): PowerShellData {
  const rules = narrowRules(state);
  return {
    schemaVersion: 2,
    profile: state.profile,
    values: localValues(state).map((desired) => ({
      settingId: desired.settingId,
      key: desired.key.replace(/^HKLM\\/i, ''),
      name: desired.name,
      ...scriptValue(desired.value),
      accept: desired.accept,
    })),
    firewall: state.firewall,
    narrowRules: 'reason' in rules ? [] : rules.map(({ expectedRule: _predicted, ...rule }) => rule),
    narrowRulesRefused:
      'reason' in rules ? `the management scope is no firewall scope: ${rules.reason}` : null,
    appIdRoots: [APPID_ROOTS['64-bit'], APPID_ROOTS['32-bit']].map((root) => root.replace(/^HKLM\\/i, '')),
    applications: state.applications.map((application) => ({
      settingId: PROFILE_APPLICATIONS.id,
      id: application.id,
      guid: application.guid,
      values: application.values.map(({ name, value }) =>
        value === null
          ? { name, remove: true as const, type: null, data: null, accept: null }
          : { name, remove: false as const, ...scriptValue(value), accept: { kind: 'exactly' as const } },
      ),
    })),
  };
}

/** The marker line the data blob sits on; tests and readers find the blob by it. */
export const DATA_LINE_PREFIX = '$ProfileData = ';

/**
 * An idempotent PowerShell script: checks each value and rule, backs up (reg export of every key it touches,
 * netsh advfirewall export) to a timestamped folder, sets, verifies and reports; `-WhatIf` works; exit 1 when a
 * verification fails. All profile data sits in one base64 JSON literal.
 */
export function compilePowerShell(state: DesiredState): FleetArtifact {
  const notCarried = [
    ...notCarriedReportedOnly(state),
    ...notCarriedPolicyValues(state),
    ...notCarriedOtherRules(state),
  ];
  const data = powerShellData(state);
  const notes = [
    'Idempotent: values and rules that already meet the profile are left as they are. Run with -WhatIf to preview.',
    'A missing value is written even where Windows would behave the same without it, so every machine ends alike.',
    'Security descriptors that differ from the Windows default are reset to it (site-specific grants are removed).',
    'Firewall: the built-in WMI rules are limited to the management scope or disabled; their enabled state is',
    'otherwise kept: without -OpenFromScopeOn this script never opens a port.',
  ];
  if (data.applications.length > 0)
    notes.push(
      'DCOM applications: each AppID key is looked up first (by AppID, or by the AppID value of its program.exe',
      'key, 64-bit view then 32-bit), never created; one not registered on a machine is reported and skipped.',
    );
  if (data.narrowRules.length > 0) {
    notes.push(
      '-OpenFromScopeOn Domain[,Private,Public] also opens the targets limited to the management scope, from it',
      "only, on those profiles, by SinkGuard's own rules, checked first; each one missing is created with:",
      ...data.narrowRules.map(
        (rule) => `  ${rule.create.replace(/^\$ErrorActionPreference = 'Stop'; /, '')}`,
      ),
    );
  } else if (data.narrowRulesRefused !== null) {
    notes.push(
      `-OpenFromScopeOn cannot open anything: ${data.narrowRulesRefused.replace(/[^\x20-\x7e]/g, '?')}`,
    );
  }
  const comments = commentBlock(
    '#',
    headerLines(state, 'PowerShell script (run elevated)', notCarried, notes),
  );
  const dataLine = `${DATA_LINE_PREFIX}'${utf8Base64(JSON.stringify(data))}'`;
  const text = [
    '#Requires -Version 5.1',
    '#Requires -RunAsAdministrator',
    ...comments,
    SCRIPT_BODY.replace('@@DATA@@', () => dataLine),
  ]
    .join('\n')
    .replace(/\r?\n/g, '\r\n');
  return {
    format: 'ps1',
    fileName: `${artifactBaseName(state.profile.name)}.ps1`,
    content: { kind: 'text', text },
    notCarried,
    leftAlone: state.leftAlone,
  };
}
