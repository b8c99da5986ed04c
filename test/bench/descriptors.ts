import {
  decodeSecurityDescriptor,
  DEFAULT_COM_SDDL,
  encodeSecurityDescriptor,
  formatSddl,
  parseSddl,
} from '../../main/domain/descriptors';
import { fmt, throughput, type BenchSection } from './harness';

const CONDITIONAL =
  'D:(XA;;FX;;;S-1-1-0;(@User.Title=="PM" && (@User.Division=="Finance" || @User.Division =="Sales")))(A;;FA;;;SY)';

/** SDDL parse+format and binary decode+encode throughput, on a COM default and on a conditional-ACE descriptor. */
export async function bench(): Promise<BenchSection> {
  const lines = ['| descriptor | SDDL parse + format /s | binary decode + encode /s |', '|---|---:|---:|'];
  for (const [name, sddl] of [
    ['MachineAccessRestriction default', DEFAULT_COM_SDDL.MachineAccessRestriction],
    ['conditional ACE', CONDITIONAL],
  ] as const) {
    const bytes = encodeSecurityDescriptor(parseSddl(sddl));
    const text = throughput(() => void formatSddl(parseSddl(sddl)));
    const binary = throughput(() => void encodeSecurityDescriptor(decodeSecurityDescriptor(bytes)));
    lines.push(
      `| ${name} (${sddl.length} chars, ${bytes.length} bytes) | ${fmt(text.opsPerSecond)} | ${fmt(binary.opsPerSecond)} |`,
    );
  }
  return { title: 'Security descriptors', lines };
}
