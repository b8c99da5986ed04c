import { REG_FILE_HEADER_V5, encodeUtf16le, writeRegFileText, type RegFileBlock } from '../regfile/index';
import {
  artifactBaseName,
  commentBlock,
  headerLines,
  notCarriedBits,
  notCarriedPolicyValues,
  notCarriedReportedOnly,
  settingTitle,
  type FleetArtifact,
  type NotCarried,
} from './artifact';
import { appIdRegBlocks } from './applications';
import { wholeValues, type DesiredState } from './desired-state';

/** The `.reg` blocks of the desired local values: one block per key, keys and values in catalog order. */
export function desiredRegBlocks(state: DesiredState): RegFileBlock[] {
  const byKey = new Map<
    string,
    { path: string; entries: { kind: 'set'; name: string; value: (typeof state.values)[number]['value'] }[] }
  >();
  for (const desired of wholeValues(state)) {
    const folded = desired.key.toLowerCase();
    const block = byKey.get(folded) ?? { path: desired.key, entries: [] };
    byKey.set(folded, block);
    block.entries.push({ kind: 'set', name: desired.name, value: desired.value });
  }
  return [...byKey.values()].map((block) => ({ kind: 'key', ...block }));
}

function notCarriedByReg(state: DesiredState): NotCarried[] {
  const firewall = state.firewall.map((firewall) => ({
    settingId: firewall.settingId,
    title: settingTitle(firewall.settingId),
    reason:
      `firewall rules (${firewall.ruleIds.join(', ')}) are owned by the Windows Firewall service, which does not ` +
      'take rule changes from a .reg file; use the ps1 or ansible export',
  }));
  return [
    ...notCarriedReportedOnly(state),
    ...notCarriedPolicyValues(state),
    ...notCarriedBits(state, 'a .reg file'),
    ...firewall,
  ];
}

/**
 * A `.reg` file (Windows Registry Editor Version 5.00, UTF-16LE with BOM, written by the .reg codec) for
 * `reg import` or a GPO startup script. It sets every desired value unconditionally.
 */
export function compileReg(state: DesiredState): FleetArtifact {
  const notCarried = notCarriedByReg(state);
  const applications = appIdRegBlocks(state.applications);
  const notes = [
    'Every value below is set as written, whatever the machine holds now (the ps1 export checks first).',
    'Security descriptors are set to the Windows default, which removes site-specific grants.',
  ];
  if (applications.length > 0)
    notes.push(
      'DCOM applications (AppID keys): "Name"=- removes a value (the machine default applies). reg import cannot',
      'check that an AppID exists: on a machine without it, it creates the key with these values alone (COM uses',
      'no AppID that no class names, so it does nothing there); the ps1 export checks first and skips it.',
    );
  const comments = commentBlock(
    ';',
    headerLines(state, '.reg for reg import or a GPO startup script', notCarried, notes),
  );
  const body = writeRegFileText({ blocks: [...desiredRegBlocks(state), ...applications] });
  // The codec writes the header first; the comments go right below it, before the first key.
  const rest = body.slice(REG_FILE_HEADER_V5.length);
  const text = `${REG_FILE_HEADER_V5}\r\n\r\n${comments.join('\r\n')}${rest}`;
  return {
    format: 'reg',
    fileName: `${artifactBaseName(state.profile.name)}.reg`,
    content: { kind: 'bytes', bytes: encodeUtf16le(`\uFEFF${text}`) },
    notCarried,
    leftAlone: state.leftAlone,
  };
}
