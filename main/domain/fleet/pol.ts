import { encodeUtf16le, typeCodeOf, valueToBytes } from '../regfile/index';
import type { RegistryValue } from '../registry-port/types';
import { notCarriedReportedOnly, settingTitle, type FleetArtifact, type NotCarried } from './artifact';
import { notCarriedApplications } from './applications';
import { isPolicyValue, localValues, type DesiredState } from './desired-state';

/** One Registry.pol record: the key without its hive (the file's Machine or User folder decides it). */
export interface PolicyEntry {
  readonly key: string;
  readonly name: string;
  readonly value: RegistryValue;
}

const SIGNATURE = 0x67655250; // "PReg"
const VERSION = 1;

function dword(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

/**
 * A Registry.pol file (PReg, domain.md §9): the header, then `[key;value;type;size;data]` records whose brackets
 * and semicolons are UTF-16LE characters, key and value NUL-terminated UTF-16LE, type and size DWORDs.
 */
export function writeRegistryPol(entries: readonly PolicyEntry[]): Uint8Array {
  const parts: Uint8Array[] = [dword(SIGNATURE), dword(VERSION)];
  const char = (text: string): Uint8Array => encodeUtf16le(text);
  for (const entry of entries) {
    if (/\0/.test(entry.key) || /\0/.test(entry.name) || entry.key === '') {
      throw new Error(`internal: Registry.pol key '${entry.key}' / value '${entry.name}' cannot be written`);
    }
    const data = valueToBytes(entry.value);
    parts.push(
      char('['),
      encodeUtf16le(`${entry.key}\0`),
      char(';'),
      encodeUtf16le(`${entry.name}\0`),
      char(';'),
      dword(typeCodeOf(entry.value)),
      char(';'),
      dword(data.length),
      char(';'),
      data,
      char(']'),
    );
  }
  const file = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/** The desired values that are policy values: those under HKLM\SOFTWARE\Policies. */
export function policyEntries(state: DesiredState): PolicyEntry[] {
  return state.values.filter(isPolicyValue).map((desired) => ({
    key: desired.key.replace(/^HKLM\\/i, ''),
    name: desired.name,
    value: desired.value,
  }));
}

function notCarriedByPol(state: DesiredState): NotCarried[] {
  const reasons = new Map<string, string>();
  const note = (settingId: string, reason: string): void => {
    if (!reasons.has(settingId)) reasons.set(settingId, reason);
  };
  for (const desired of localValues(state)) {
    const policy = state.policyDescriptors.find((candidate) => candidate.settingId === desired.settingId);
    note(
      desired.settingId,
      policy
        ? `${desired.key}\\${desired.name} is not a policy value; its Group Policy form is the security option ` +
            `"${policy.optionName}", stored in GptTmpl.inf, not Registry.pol: use the gpo-sddl export`
        : `${desired.key}\\${desired.name} is not a policy value (Windows reads it outside SOFTWARE\\Policies): ` +
            'use the reg, ps1 or ansible export',
    );
  }
  for (const firewall of state.firewall) {
    note(
      firewall.settingId,
      `a GPO's firewall rules are rules of their own and cannot limit or disable the machines' built-in rules ` +
        `(${firewall.ruleIds.join(', ')}): use the ps1 or ansible export`,
    );
  }
  return [
    ...notCarriedReportedOnly(state),
    ...[...reasons].map(([settingId, reason]) => ({ settingId, title: settingTitle(settingId), reason })),
    ...notCarriedApplications(
      state.applications,
      "an application's AppID values (HKLM\\SOFTWARE\\Classes\\AppID) are not policy values and no Group " +
        'Policy setting holds them: use the reg, ps1 or ansible export',
    ),
  ];
}

/**
 * A Registry.pol for a GPO's Machine folder or `LGPO.exe /m`, with the profile's policy values. A binary file
 * has no comments: what it cannot carry is reported in `notCarried` (the CLI prints it on stderr).
 */
export function compileRegistryPol(state: DesiredState): FleetArtifact {
  return {
    format: 'pol',
    fileName: 'Registry.pol',
    content: { kind: 'bytes', bytes: writeRegistryPol(policyEntries(state)) },
    notCarried: notCarriedByPol(state),
    leftAlone: state.leftAlone,
  };
}
