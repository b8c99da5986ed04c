/**
 * A counting semaphore for child processes: at most `limit` run at once, the others wait their turn in the order
 * they asked (so work queued first, such as the largest export, starts first).
 */
export class ProcessSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`process slots: ${limit} is not a count`);
  }

  /** Runs `start` once a slot is free; the slot passes to the next waiter when the returned promise settles. */
  async run<T>(start: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await start();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
