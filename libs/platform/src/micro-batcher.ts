export interface MicroBatcherOptions {
  /** Items per flush at most. */
  maxBatch: number;
  /** Flushes in flight at most; items submitted meanwhile wait and go out together. */
  concurrency: number;
}

/** Handles one batch: one outcome per item, in order, so that one item's failure is its own. */
export type BatchFlush<In, Out> = (items: In[]) => Promise<PromiseSettledResult<Out>[]>;

interface Pending<In, Out> {
  item: In;
  resolve: (value: Out) => void;
  reject: (reason: unknown) => void;
}

/**
 * Coalesces concurrent calls into batches (group commit). An item goes out in the next flush that starts after it
 * was submitted, never in one already under way, so a flush that reads sees everything committed before the caller
 * asked. While `concurrency` flushes are in flight, items queue; each flush that starts takes every item queued (up
 * to maxBatch). Under light load a flush starts at the end of the current turn of the event loop with the one or
 * few items that arrived in it, so batching adds no waiting; under load, batches grow with the load.
 */
export class MicroBatcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly flush: BatchFlush<In, Out>,
    private readonly options: MicroBatcherOptions,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.options.concurrency) return;
    this.scheduled = true;
    // After the current I/O phase: requests read from several sockets in this turn go out together.
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<In, Out>[]): Promise<void> {
    try {
      const outcomes = await this.flush(batch.map((pending) => pending.item));
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome.status === 'fulfilled') pending.resolve(outcome.value);
        else pending.reject(outcome.reason);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }
}
