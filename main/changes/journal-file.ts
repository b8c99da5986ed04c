import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJournal, type JournalRecord } from '../domain/changes/index';
import { appendLineDurably, readTextIfExists } from './storage';

/** The journal file `<data>/journal.jsonl`: each record appended and fsync'ed before the caller goes on. */
export class JournalFile {
  readonly path: string;

  constructor(private readonly dataDirectory: string) {
    this.path = join(dataDirectory, 'journal.jsonl');
  }

  async append(record: JournalRecord): Promise<void> {
    // A record torn by a crash mid-append was never durable (nothing ran after it): cut it off before appending.
    const text = await readTextIfExists(this.path);
    if (text !== '' && !text.endsWith('\n'))
      await truncate(this.path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    await appendLineDurably(this.path, this.dataDirectory, JSON.stringify(record));
  }

  async read(): Promise<JournalRecord[]> {
    const text = await readTextIfExists(this.path);
    return parseJournal(text).records;
  }
}
