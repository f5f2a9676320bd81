// Group commit: concurrent writes are gathered for a moment and written in one transaction, and each
// caller is answered only after that commit. Measured here as the biggest ingest lever on both backends.

export interface GroupCommitOptions<Item, Result> {
  /** How long the first item of a group waits for company. */
  maxWaitMs: number;
  /** At most this many items (counted by weight) per transaction. */
  maxWeight: number;
  /** How many groups may be in flight at once (the connections worth using). */
  concurrency: number;
  weightOf?: (item: Item) => number;
  /** Writes the group in one transaction; returns one result per item, in order. */
  write: (items: Item[]) => Promise<Result[]>;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Item, Result> {
  private queue: Waiting<Item, Result>[] = [];
  private queuedWeight = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly weightOf: (item: Item) => number;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {
    this.weightOf = options.weightOf ?? (() => 1);
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.queuedWeight += this.weightOf(item);
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far is written (for shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private schedule(): void {
    if (this.queue.length === 0 || this.inFlight >= this.options.concurrency) return;
    if (this.queuedWeight >= this.options.maxWeight || this.options.maxWaitMs === 0) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queue.length === 0 || this.inFlight >= this.options.concurrency) return;
    const group: Waiting<Item, Result>[] = [];
    let weight = 0;
    while (
      this.queue.length > 0 &&
      (group.length === 0 || weight + this.weightOf(this.queue[0].item) <= this.options.maxWeight)
    ) {
      const next = this.queue.shift() as Waiting<Item, Result>;
      weight += this.weightOf(next.item);
      group.push(next);
    }
    this.queuedWeight -= weight;
    this.inFlight++;
    this.writeGroup(group).then((settle) => {
      this.inFlight--;
      // Start the next group before answering this one: what arrived meanwhile has already waited, and the
      // database can write it while this thread sends the answers.
      if (this.queue.length > 0) this.flush();
      settle();
    });
    if (this.queue.length > 0) this.schedule();
  }

  /** Writes a group; resolves with a function that answers its waiters (called once the next group is under way). */
  private async writeGroup(group: Waiting<Item, Result>[]): Promise<() => void> {
    try {
      const results = await this.options.write(group.map((waiting) => waiting.item));
      return () => {
        for (const [index, waiting] of group.entries()) waiting.resolve(results[index]);
      };
    } catch (error) {
      if (group.length === 1) return () => group[0].reject(error);
      // One bad item must not fail its neighbours: write each alone so only the culprit fails.
      const outcomes: Array<() => void> = [];
      for (const waiting of group) {
        try {
          const [result] = await this.options.write([waiting.item]);
          outcomes.push(() => waiting.resolve(result));
        } catch (itemError) {
          outcomes.push(() => waiting.reject(itemError));
        }
      }
      return () => {
        for (const outcome of outcomes) outcome();
      };
    }
  }
}
