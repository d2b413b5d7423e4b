import { openedOnce } from './opened-once';

describe('openedOnce', () => {
  it('opens once and gives every caller, concurrent or later, the same result', async () => {
    let opens = 0;
    const open = openedOnce(() => Promise.resolve({ pool: (opens += 1) }));
    const [a, b] = await Promise.all([open(), open()]);
    const c = await open();
    expect(opens).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('fails the callers of a failed attempt, then tries again on the next call', async () => {
    const attempts: number[] = [];
    const open = openedOnce(() => {
      attempts.push(attempts.length + 1);
      return attempts.length === 1 ? Promise.reject(new Error('connection refused')) : Promise.resolve('pool');
    });
    const waiting = [open(), open()];
    for (const call of waiting) await expect(call).rejects.toThrow('connection refused');
    await expect(open()).resolves.toBe('pool');
    await expect(open()).resolves.toBe('pool');
    expect(attempts).toEqual([1, 2]);
  });
});
