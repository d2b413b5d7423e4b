import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningApi } from './api-app';
import { benchAcceptedAt, call, registration } from './api-seed';

const RUNS = 20;
const WARM_UP = 2;
const TIMEOUT_MS = 10_000;

export interface AlertDelays {
  minMs: number;
  medianMs: number;
  maxMs: number;
}

/**
 * From sending a registration recorded three weeks after its acceptance to its alert being listed by
 * GET /v1/alerts, polled every 5 ms: the path of every detector's alert (the write, the detectors in the projector,
 * the AlertRaised event, the alerts read model), in the API as it runs, worker processes included. A late completion
 * takes the same path; `npm run bench:alerts` times that one exactly, on a clock it sets, in one process.
 */
export async function lateRegistrationAlertDelays(
  api: RunningApi,
  departmentKey: string,
  supervisorKey: string,
): Promise<AlertDelays> {
  const acceptedAt = benchAcceptedAt(Date.now() - 21 * 86_400_000);
  const delays: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run += 1) {
    const started = performance.now();
    const res = await call<{ id: string }>(api, 'POST', '/v1/operations', departmentKey, registration({ acceptedAt }));
    if (res.status !== 201) throw new Error(`A late registration answered ${res.status}`);
    for (;;) {
      const alerts = await call<{ items: { subject: { id: string } }[] }>(api, 'GET', '/v1/alerts', supervisorKey);
      if (alerts.body.items.some((alert) => alert.subject.id === res.body.id)) break;
      if (performance.now() - started > TIMEOUT_MS) throw new Error('No alert within 10 s of a late registration');
      await sleep(5);
    }
    if (run >= WARM_UP) delays.push(performance.now() - started);
  }
  delays.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    minMs: round(delays[0]),
    medianMs: round(delays[delays.length >> 1]),
    maxMs: round(delays[delays.length - 1]),
  };
}
