/** The load generator: autocannon, programmatically, with the few options and results the API bench uses. */

export interface LoadRequest {
  method: 'GET' | 'POST';
  path?: string;
  body?: string;
  /** Mutates the request before it is sent, e.g. to read another operation each time. */
  setupRequest?: (request: { path: string; body?: string }) => { path: string; body?: string };
}

export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: LoadRequest[];
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p99: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
}

export interface LoadResult {
  /** Successful responses. */
  ok: number;
  /** Successful responses per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Status code → count of everything that was not 2xx, and transport errors. */
  failures: Record<string, number>;
}

// autocannon ships no type declarations; this module is the one place that touches it untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object) => Promise<AutocannonResult>;

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ ...options, headers: { 'content-type': 'application/json', ...options.headers } });
  const failures: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (!status.startsWith('2')) failures[status] = count;
  }
  if (result.errors > 0) failures.errors = result.errors;
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  return {
    ok: result['2xx'],
    perSecond: Math.round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures,
  };
}
