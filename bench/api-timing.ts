import { percentile } from './sequential-timing';

export interface Timed {
  /** Calls completed. */
  calls: number;
  /** Calls completed per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Calls `once` from `callers` concurrent loops for `seconds`, timing each call: the floors' load generator. */
export async function timedLoops(callers: number, seconds: number, once: () => Promise<void>): Promise<Timed> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await once();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
  };
}
