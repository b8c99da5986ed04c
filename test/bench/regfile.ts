import { performance } from 'node:perf_hooks';
import { encodeUtf16le, parseRegFile } from '../../main/domain/regfile/index';
import { fmt, type BenchSection } from './harness';

const MB = 2 ** 20;
/** The goal: parsing 100 MB runs at no less than two thirds of the 1 MB rate (linear, not quadratic). */
const GOAL_RATIO = 0.67;

/** A `reg export`-style file (UTF-16LE, BOM, CRLF) of about `bytes` bytes, from a body built line by line. */
function exportOf(bytes: number, body: (lineBudget: number) => string[]): Uint8Array {
  // Two bytes a character: the body gets half the size in characters.
  const lines = ['Windows Registry Editor Version 5.00', '', ...body(bytes / 2), '', ''];
  return encodeUtf16le(`\uFEFF${lines.join('\r\n')}`);
}

/** One key holding one REG_BINARY value of the whole size, wrapped as reg export wraps it (25 bytes a line). */
function oneHugeValue(bytes: number): Uint8Array {
  return exportOf(bytes, (chars) => {
    const row = Array.from({ length: 25 }, (_, i) => ((i * 37) & 0xff).toString(16).padStart(2, '0'));
    const line = `  ${row.join(',')},\\`;
    const lines = ['[HKEY_LOCAL_MACHINE\\SOFTWARE\\SinkGuardBench]', `"big"=hex:${row.join(',')},\\`];
    for (let used = 0; used < chars; used += line.length + 2) lines.push(line);
    lines.push(`  ${row.join(',')}`);
    return lines;
  });
}

/** Many keys of small values, shaped like the AppID tree and the firewall rules: strings, DWORDs, short binaries. */
function manySmallValues(bytes: number): Uint8Array {
  return exportOf(bytes, (chars) => {
    const lines: string[] = [];
    let used = 0;
    for (let key = 0; used < chars; key++) {
      const block = [
        '',
        `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\{${key.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000}]`,
        `@="Application ${key}"`,
        `"AuthenticationLevel"=dword:0000000${key % 7}`,
        `"Rule${key}"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|App=%SystemRoot%\\\\system32\\\\svchost.exe|Name=Rule ${key}|"`,
        `"LaunchPermission"=hex:01,00,04,80,14,00,00,00,20,00,00,00,00,00,00,00,2c,00,00,00,01,02,00,00,00,\\`,
        '  00,00,05,20,00,00,00,20,02,00,00',
      ];
      lines.push(...block);
      used += block.reduce((sum, line) => sum + line.length + 2, 0);
    }
    return lines;
  });
}

/**
 * MB/s of parsing each file, measured in rounds that parse every file in turn (after one warm-up round), so a
 * slowdown of the shared machine hits every size alike. Small files are parsed several times a round, so that every
 * sample covers about the same number of bytes; the median sample counts.
 */
function rates(files: readonly Uint8Array[], rounds = 5): number[] {
  const largest = Math.max(...files.map((file) => file.length));
  const repeats = files.map((file) => Math.max(1, Math.round(largest / 4 / file.length)));
  const samples = files.map((): number[] => []);
  for (let round = -1; round < rounds; round++) {
    files.forEach((file, i) => {
      const start = performance.now();
      for (let r = 0; r < repeats[i]!; r++) parseRegFile(file);
      const seconds = (performance.now() - start) / 1000;
      if (round >= 0) samples[i]!.push((file.length * repeats[i]!) / MB / seconds);
    });
  }
  return samples.map((sample) => sample.sort((a, b) => a - b)[Math.floor(sample.length / 2)]!);
}

/**
 * `.reg` parse throughput at 1, 10 and 100 MB, for one huge hex value and for many small values. Linear parsing keeps
 * the rate flat as the file grows; the 100 MB / 1 MB ratio against GOAL_RATIO is the check.
 */
export async function bench(): Promise<BenchSection> {
  const lines = [
    '| file | 1 MB (MB/s) | 10 MB (MB/s) | 100 MB (MB/s) | 100 MB / 1 MB | goal | met |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const [name, make] of [
    ['one huge hex value', oneHugeValue],
    ['many small values', manySmallValues],
  ] as const) {
    const measured = rates([1, 10, 100].map((size) => make(size * MB)));
    const ratio = measured[2]! / measured[0]!;
    lines.push(
      `| ${name} | ${measured.map((r) => fmt(r, 1)).join(' | ')} | ${fmt(ratio, 2)}× | ≥ ${GOAL_RATIO}× | ` +
        `${ratio >= GOAL_RATIO ? 'yes' : 'NO'} |`,
    );
  }
  return { title: '.reg parsing (MB/s by file size)', lines };
}
