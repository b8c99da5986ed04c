/**
 * A TCP port range, the one shape every part of SinkGuard uses for ports: an `Rpc\Internet\Ports` entry, the dynamic
 * RPC range, the ports a firewall rule lists. Inclusive at both ends.
 */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/** Parses one Ports entry (`5984`, `5000-6000`); `problem` says why Windows would reject it (R1, R2). */
export function parsePortSpec(text: string): { range: PortRange | null; problem: string | null } {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return { range: null, problem: `"${text}" is not a port or a range like 5000-6000` };
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first > 65535 || last > 65535) return { range: null, problem: `"${text}" lies outside 0-65535` };
  if (first > last) return { range: null, problem: `"${text}" ends before it starts` };
  return { range: { first, last }, problem: null };
}

/** Sorted, with overlapping and adjacent ranges joined. */
export function mergeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: PortRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.first <= last.last + 1)
      merged[merged.length - 1] = { ...last, last: Math.max(last.last, range.last) };
    else merged.push(range);
  }
  return merged;
}

/** How many distinct ports the ranges cover (overlaps counted once). */
export const countPorts = (ranges: readonly PortRange[]): number =>
  mergeRanges(ranges).reduce((sum, range) => sum + range.last - range.first + 1, 0);

/** `5000-6000,7000`, as the Ports value and the firewall console write ranges. */
export function formatPortRanges(ranges: readonly PortRange[]): string {
  return ranges
    .map((range) => (range.first === range.last ? `${range.first}` : `${range.first}-${range.last}`))
    .join(',');
}
