import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const conformanceDir = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');

/** One file of Windows' conformance vectors (../shared/conformance), the seeds every fuzzer mutates. */
export const loadConformance = <T>(name: string): T[] =>
  JSON.parse(readFileSync(path.join(conformanceDir, name), 'utf8')) as T[];

/**
 * What one fuzzer saw: how many cases it ran and how many reached its success path (parse → format → parse, or a
 * refusal with the specific error it was built to provoke). A fuzzer whose cases all fail early tests only the
 * error path, so each one states a floor and prints its counts in the fuzz lane's output.
 */
export class FuzzCounter {
  cases = 0;
  successes = 0;

  constructor(
    readonly name: string,
    /** What a success is, as printed: "round-tripped", "refused with a typed error"... */
    readonly success: string,
  ) {}

  /** Counts one case; `reached` says whether it got to the success path. */
  count(reached: boolean): void {
    this.cases++;
    if (reached) this.successes++;
  }

  /** Prints `fuzz NAME: C cases, S SUCCESS (P%)` and fails below `floor` (a share of the cases) or with no case. */
  expectFloor(floor: number, expectedCases: number): void {
    const share = this.cases === 0 ? 0 : this.successes / this.cases;
    console.log(
      `fuzz ${this.name}: ${this.cases} cases, ${this.successes} ${this.success} (${(100 * share).toFixed(1)}%, floor ${100 * floor}%)`,
    );
    expect(this.cases, `${this.name}: cases run`).toBe(expectedCases);
    expect(share, `${this.name}: share that reached the success path`).toBeGreaterThanOrEqual(floor);
  }
}

/** Picks from `items` by a generated index (fast-check gives the index; the array is the grammar or the seeds). */
export const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;
