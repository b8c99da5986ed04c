import {
  describeInvalidValue,
  parseRegFile,
  writeRegFile,
  type RegFile,
  type RegFileBlock,
} from '../domain/regfile/index';
import { RegistryError } from './errors';
import { foldCase, isSameOrBelow, normalizeKeyPath } from './paths';
import type { KeySnapshot, ReadOptions, RegistryPort, RegistryValue, ValueRef, ValueWrite } from './types';

export type RegistryOperation =
  'readKeys' | 'writeValues' | 'deleteValues' | 'createKeys' | 'exportKeys' | 'importRegFile';

export interface SimulatedRegistryOptions {
  /** false: every write and import throws 'access-denied' and changes nothing (default true). */
  readonly elevated?: boolean;
  /** Called before each operation; throw from it to inject a backend failure at that step. */
  readonly fault?: (operation: RegistryOperation) => void | Promise<void>;
  /** Shown on the info page, e.g. "simulated: legacy". */
  readonly description?: string;
  /** Keys (with everything below them) that refuse to be read, as a locked-down key refuses a non-admin. */
  readonly unreadableKeys?: readonly string[];
}

interface KeyNode {
  name: string;
  values: Map<string, { name: string; value: RegistryValue }>;
  children: Map<string, KeyNode>;
}

const newNode = (name: string): KeyNode => ({ name, values: new Map(), children: new Map() });

function cloneNode(node: KeyNode): KeyNode {
  return {
    name: node.name,
    values: new Map(node.values),
    children: new Map([...node.children].map(([folded, child]) => [folded, cloneNode(child)])),
  };
}

/** Values are immutable objects except their bytes: copy bytes in and out so callers never share our state. */
function copyValue(value: RegistryValue): RegistryValue {
  if (value.type === 'REG_BINARY' || value.type === 'REG_OTHER')
    return { ...value, data: value.data.slice() };
  if (value.type === 'REG_MULTI_SZ') return { ...value, data: [...value.data] };
  return value;
}

/**
 * An in-memory registry seeded from `.reg` files: the default backend off Windows and the test double for the
 * change engine. Every write is atomic per call: it applies to a copy that replaces the tree only on success.
 */
export class SimulatedRegistry implements RegistryPort {
  readonly kind = 'simulated';
  readonly description: string;
  readonly elevated: boolean;
  private root = newNode('');
  private readonly fault: SimulatedRegistryOptions['fault'];
  private readonly unreadableKeys: readonly string[];

  constructor(seed: readonly RegFile[] = [], options: SimulatedRegistryOptions = {}) {
    this.elevated = options.elevated ?? true;
    this.fault = options.fault;
    this.unreadableKeys = (options.unreadableKeys ?? []).map(normalizeKeyPath);
    this.description = options.description ?? 'simulated';
    for (const file of seed) this.apply(this.root, file.blocks);
  }

  async readKeys(paths: readonly string[], options: ReadOptions = {}): Promise<KeySnapshot[]> {
    await this.fault?.('readKeys');
    const subtrees = new Set((options.subtrees ?? []).map((path) => foldCase(normalizeKeyPath(path))));
    return paths.map((path) => {
      const key = normalizeKeyPath(path);
      const snapshot = this.snapshot(path, key, options);
      if (!subtrees.has(foldCase(key)) || !snapshot.exists) return snapshot;
      const descendants: KeySnapshot[] = [];
      const walk = (node: KeyNode, at: string): void => {
        for (const child of node.children.values()) {
          const childPath = `${at}\\${child.name}`;
          descendants.push(this.snapshot(childPath, childPath, options));
          walk(child, childPath);
        }
      };
      walk(this.find(this.root, key)!, path);
      return { ...snapshot, descendants };
    });
  }

  /** One key as read: refused (thrown, or reported with `reportUnreadable`), missing, or its values and subkeys. */
  private snapshot(path: string, key: string, options: ReadOptions): KeySnapshot {
    const refusedBy = this.unreadableKeys.find((locked) => isSameOrBelow(key, locked));
    if (refusedBy !== undefined) {
      const message = `access denied reading ${key}`;
      if (!options.reportUnreadable) throw new RegistryError('access-denied', message, { key });
      return { path, exists: false, values: new Map(), subkeys: [], unreadable: message };
    }
    const node = this.find(this.root, key);
    return {
      path,
      exists: node !== undefined,
      values: new Map([...(node?.values.values() ?? [])].map(({ name, value }) => [name, copyValue(value)])),
      subkeys: [...(node?.children.values() ?? [])].map((child) => child.name),
    };
  }

  async writeValues(writes: readonly ValueWrite[]): Promise<void> {
    await this.fault?.('writeValues');
    const blocks = writes.map((write): RegFileBlock => {
      const key = normalizeKeyPath(write.key);
      const invalid = describeInvalidValue(write.value);
      if (invalid) {
        throw new RegistryError('malformed-data', `${key} value '${write.name}': ${invalid}`, {
          key,
          value: write.name,
        });
      }
      return {
        kind: 'key',
        path: key,
        entries: [{ kind: 'set', name: write.name, value: copyValue(write.value) }],
      };
    });
    this.commit(blocks, `write ${writes.length} value(s)`);
  }

  async deleteValues(refs: readonly ValueRef[]): Promise<void> {
    await this.fault?.('deleteValues');
    const blocks = refs.map((ref): RegFileBlock => {
      const key = normalizeKeyPath(ref.key);
      if (!this.find(this.root, key)) {
        throw new RegistryError(
          'key-missing',
          `cannot delete value '${ref.name}': key ${key} does not exist`,
          {
            key,
            value: ref.name,
          },
        );
      }
      return { kind: 'key', path: key, entries: [{ kind: 'delete', name: ref.name }] };
    });
    this.commit(blocks, `delete ${refs.length} value(s)`);
  }

  async createKeys(paths: readonly string[]): Promise<void> {
    await this.fault?.('createKeys');
    const blocks = paths.map((path): RegFileBlock => ({
      kind: 'key',
      path: normalizeKeyPath(path),
      entries: [],
    }));
    this.commit(blocks, `create ${paths.length} key(s)`);
  }

  async exportKeys(paths: readonly string[]): Promise<Uint8Array> {
    await this.fault?.('exportKeys');
    const blocks: RegFileBlock[] = [];
    for (const path of paths) {
      const key = normalizeKeyPath(path);
      if (this.unreadableKeys.some((locked) => isSameOrBelow(key, locked)))
        throw new RegistryError('access-denied', `access denied reading ${key}`, { key });
      const node = this.find(this.root, key);
      if (!node)
        throw new RegistryError('key-missing', `cannot export ${key}: the key does not exist`, { key });
      // The export spells the key as the registry stores it, like reg export does.
      const stored = this.storedPath(key);
      this.collect(node, stored, blocks);
    }
    return writeRegFile({ blocks });
  }

  async importRegFile(content: Uint8Array): Promise<void> {
    await this.fault?.('importRegFile');
    const file = parseRegFile(content);
    this.commit(file.blocks, 'import a .reg file');
  }

  /** Applies blocks to a copy and swaps it in: all or nothing. */
  private commit(blocks: readonly RegFileBlock[], what: string): void {
    if (!this.elevated) {
      const key = blocks[0]?.path;
      throw new RegistryError(
        'access-denied',
        `access denied: cannot ${what} without elevation (run as administrator)`,
        {
          ...(key === undefined ? {} : { key }),
        },
      );
    }
    const next = cloneNode(this.root);
    this.apply(next, blocks);
    this.root = next;
  }

  private apply(root: KeyNode, blocks: readonly RegFileBlock[]): void {
    for (const block of blocks) {
      const parts = normalizeKeyPath(block.path).split('\\');
      if (block.kind === 'delete-key') {
        const parent = this.find(root, parts.slice(0, -1).join('\\'));
        parent?.children.delete(foldCase(parts.at(-1)!));
        continue;
      }
      let node = root;
      for (const part of parts) {
        const folded = foldCase(part);
        let child = node.children.get(folded);
        if (!child) {
          child = newNode(part);
          node.children.set(folded, child);
        }
        node = child;
      }
      for (const entry of block.entries) {
        if (entry.kind === 'delete') node.values.delete(foldCase(entry.name));
        else node.values.set(foldCase(entry.name), { name: entry.name, value: entry.value });
      }
    }
  }

  private find(root: KeyNode, path: string): KeyNode | undefined {
    let node: KeyNode | undefined = root;
    for (const part of path.split('\\')) node = node?.children.get(foldCase(part));
    return node;
  }

  private storedPath(path: string): string {
    let node = this.root;
    const names: string[] = [];
    for (const part of path.split('\\')) {
      node = node.children.get(foldCase(part))!;
      names.push(node.name);
    }
    return names.join('\\');
  }

  private collect(node: KeyNode, path: string, blocks: RegFileBlock[]): void {
    blocks.push({
      kind: 'key',
      path,
      entries: [...node.values.values()].map(({ name, value }) => ({ kind: 'set', name, value })),
    });
    for (const child of node.children.values()) this.collect(child, `${path}\\${child.name}`, blocks);
  }
}
