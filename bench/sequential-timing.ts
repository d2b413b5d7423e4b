import { performance } from 'node:perf_hooks';

/** p50 and p99 of `runs` calls of `once`, one after another, after `warmUp` calls that are not counted. */
export async function timedRuns(
  once: () => Promise<unknown>,
  { runs, warmUp, decimals }: { runs: number; warmUp: number; decimals: number },
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmUp; i += 1) await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))];
  const round = (ms: number) => Math.round(ms * 10 ** decimals) / 10 ** decimals;
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}
