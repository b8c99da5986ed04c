import type { RegistryValue } from '../registry-port/types';
import { HexDecoder } from './hex';
import type { RegFileBlock, RegFileEntry } from './model';

/** Distinct value names shared per parse; past this many (unique names, like firewall rule IDs) the rest are not. */
const MAX_SHARED_NAMES = 4096;
/** DWORD values below this (levels, flags, booleans: most of them) are one object per parse. */
const SHARED_DWORDS = 64;

/**
 * What one parse shares among the values it keeps. A large file's result stays in memory, and the GC copies every
 * object of it as it ages, so fewer and smaller objects per value keep a 100 MB file parsing near a small one's rate:
 * repeated value names are one string, small DWORD values one (readonly) object, small binaries views of one slab
 * (see HexDecoder), and each key's entries an array of its exact size.
 */
export class ParseContext {
  readonly hex = new HexDecoder();
  private readonly names = new Map<string, string>();
  private readonly dwords: RegistryValue[] = [];
  /** The entries of the key being read, collected here and copied once the key ends. */
  private readonly entries: RegFileEntry[] = [];
  private entryCount = 0;
  private path: string | undefined;

  constructor(private readonly blocks: RegFileBlock[]) {}

  name(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    if (this.names.size < MAX_SHARED_NAMES) this.names.set(name, name);
    return name;
  }

  dword(data: number): RegistryValue {
    if (data >= SHARED_DWORDS) return { type: 'REG_DWORD', data };
    return (this.dwords[data] ??= { type: 'REG_DWORD', data });
  }

  /** Whether a `[KEY]` block is open for values. */
  get inKey(): boolean {
    return this.path !== undefined;
  }

  /** Ends the open key (if any) and opens `path`. */
  openKey(path: string): void {
    this.closeKey();
    this.path = path;
  }

  /** Ends the open key (if any) and records the deletion of `path`. */
  deleteKey(path: string): void {
    this.closeKey();
    this.blocks.push({ kind: 'delete-key', path });
  }

  addEntry(entry: RegFileEntry): void {
    this.entries[this.entryCount++] = entry;
  }

  /** Records the open key's block, its entries copied to an array of their exact number (a grown one has room for 17). */
  closeKey(): void {
    if (this.path === undefined) return;
    this.blocks.push({ kind: 'key', path: this.path, entries: this.entries.slice(0, this.entryCount) });
    this.path = undefined;
    this.entryCount = 0;
  }
}
