import { MicroBatcher } from './micro-batcher';

/** A flush that records its batches and finishes only when told to. */
function controlledFlush() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const flush = (items: number[]) => {
    batches.push(items);
    return new Promise<PromiseSettledResult<number>[]>((resolve) =>
      finishers.push(() =>
        resolve(
          items.map((item) =>
            item < 0
              ? { status: 'rejected', reason: new Error(`bad ${item}`) }
              : { status: 'fulfilled', value: item * 10 },
          ),
        ),
      ),
    );
  };
  return { batches, flush, finish: (i: number) => finishers[i]() };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('sends what is submitted in one turn together, and each caller gets its own outcome', async () => {
    const { batches, flush, finish } = controlledFlush();
    const batcher = new MicroBatcher(flush, { maxBatch: 10, concurrency: 1 });
    const results = [1, -2, 3].map((item) => batcher.submit(item).catch((error: Error) => error.message));
    await turn();
    expect(batches).toEqual([[1, -2, 3]]);
    finish(0);
    expect(await Promise.all(results)).toEqual([10, 'bad -2', 30]);
  });

  it('never adds an item to a flush already under way: it waits for the next one', async () => {
    const { batches, flush, finish } = controlledFlush();
    const batcher = new MicroBatcher(flush, { maxBatch: 10, concurrency: 1 });
    const first = batcher.submit(1);
    await turn();
    const later = [batcher.submit(2), batcher.submit(3)];
    await turn();
    expect(batches).toEqual([[1]]);
    finish(0);
    await first;
    await turn();
    expect(batches).toEqual([[1], [2, 3]]);
    finish(1);
    expect(await Promise.all(later)).toEqual([20, 30]);
  });

  it('keeps to its concurrency and batch size', async () => {
    const { batches, flush, finish } = controlledFlush();
    const batcher = new MicroBatcher(flush, { maxBatch: 2, concurrency: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((item) => batcher.submit(item));
    await turn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finish(0);
    await turn();
    await turn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    finish(1);
    finish(2);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('rejects every item of a flush that throws, and goes on with the next', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<number, number>(
      (items) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('database down'));
        return Promise.resolve(items.map((value) => ({ status: 'fulfilled' as const, value })));
      },
      { maxBatch: 10, concurrency: 1 },
    );
    const failed = [batcher.submit(1), batcher.submit(2)].map((p) => p.catch((error: Error) => error.message));
    expect(await Promise.all(failed)).toEqual(['database down', 'database down']);
    expect(await batcher.submit(3)).toBe(3);
  });
});
