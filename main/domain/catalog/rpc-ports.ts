/** One `Rpc\Internet\Ports` entry: a port or an inclusive range (R1, R2). */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Parses one Ports entry (`5984`, `5000-6000`); `problem` says why Windows would reject it. */
export function parsePortSpec(text: string): { range: PortRange | null; problem: string | null } {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return { range: null, problem: `"${text}" is not a port or a range like 5000-6000` };
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from > 65535 || to > 65535) return { range: null, problem: `"${text}" lies outside 0-65535` };
  if (from > to) return { range: null, problem: `"${text}" ends before it starts` };
  return { range: { from, to }, problem: null };
}

/** How many distinct ports the ranges cover (overlaps counted once). */
export function countPorts(ranges: readonly PortRange[]): number {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  let count = 0;
  let coveredUpTo = -1;
  for (const range of sorted) {
    const start = Math.max(range.from, coveredUpTo + 1);
    if (range.to >= start) count += range.to - start + 1;
    coveredUpTo = Math.max(coveredUpTo, range.to);
  }
  return count;
}
