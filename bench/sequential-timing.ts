import { performance } from 'node:perf_hooks';

/** The p-th percentile (0–100) of ascending `sorted`: the sample below which p % of them fall; 0 of none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

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
  const round = (ms: number) => Math.round(ms * 10 ** decimals) / 10 ** decimals;
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)) };
}
