/** JSON values by path, for tests that derive bad input from a valid document (IPC payloads, profiles). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonPath = readonly (string | number)[];

/** Every node under `value` (not the root), with its path, parents before children. */
export function jsonNodes(value: Json, path: JsonPath = []): { path: JsonPath; value: Json }[] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((child, index) => [index, child] as [number, Json])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [
    { path: [...path, key], value: child },
    ...jsonNodes(child, [...path, key]),
  ]);
}

/** A copy of `root` with the node at `path` replaced by `value`. */
export function replacedAt(root: Json, path: JsonPath, value: unknown): Json {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy as Json;
}

/** null, array, or the typeof of anything else. */
export const jsonKind = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
