import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { startApi } from './api-app';
import { benchDatabase } from './bench-database';
import { BENCH_DEPARTMENT, call, registration, seed } from './api-seed';

/**
 * GET /v1/cases/{id}/reconstruction on a large log: a case opened from the alerts of one late operation, among
 * LOG_SIZE registrations of the same department and power (so the power's stream, the department and the alerts
 * table are as busy as they get), and the case's dossier export (zip with the PDF timeline). Compared with one raw
 * SELECT of the same streams' rows, in the same run.
 */

const LOG_SIZE = Number(process.env.BENCH_CASE_LOG_SIZE ?? 100_000);
const BATCH = 1000;
const RUNS = 30;
/** How long the projections may take to work through the load. */
const SETTLE_TIMEOUT_MS = 30 * 60_000;
const WARM_UP = 3;

const round = (ms: number): number => Math.round(ms * 100) / 100;

function summary(samples: number[]): { 'median ms': number; 'p95 ms': number; 'max ms': number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    'median ms': round(sorted[Math.floor(sorted.length / 2)]),
    'p95 ms': round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]),
    'max ms': round(sorted[sorted.length - 1]),
  };
}

async function timed(once: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i += 1) await once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function posted<T>(response: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  const api = await startApi(database.url);
  try {
    const { departmentKey, supervisorKey } = await seed(api);
    const { key: investigatorKey } = await posted(
      call<{ key: string }>(api, 'POST', '/v1/admin/keys', api.adminKey, {
        name: 'bench investigator',
        role: 'investigator',
      }),
      'POST /v1/admin/keys',
    );

    const loadStart = performance.now();
    for (let done = 0; done < LOG_SIZE; done += BATCH) {
      const items = Array.from({ length: Math.min(BATCH, LOG_SIZE - done) }, () => registration());
      await posted(call(api, 'POST', '/v1/operations/batch', departmentKey, { items }), 'POST /v1/operations/batch');
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    // The projections and detectors work through the load before the case's own alert can be raised.
    const settleStart = performance.now();
    for (;;) {
      const health = (await fetch(`${api.baseUrl}/health`).then((res) => res.json())) as {
        projections: { lag: number }[];
      };
      if (health.projections.every((projection) => projection.lag === 0)) break;
      if (performance.now() - settleStart > SETTLE_TIMEOUT_MS) throw new Error('The projections did not catch up');
      await sleep(500);
    }
    const settleSeconds = (performance.now() - settleStart) / 1000;

    // Accepted long before it was recorded: a late registration, alerted as soon as the detectors see it.
    const late = await posted(
      call<{ id: string; position: number }>(
        api,
        'POST',
        '/v1/operations',
        departmentKey,
        registration({ acceptedAt: '2025-03-03T09:00:00+08:00' }),
      ),
      'POST /v1/operations',
    );
    let alertIds: string[] = [];
    for (let attempt = 0; alertIds.length === 0 && attempt < 600; attempt += 1) {
      const alerts = await call<{ items: { id: string; subject: { id: string } }[] }>(
        api,
        'GET',
        `/v1/alerts?department=${BENCH_DEPARTMENT}&limit=500`,
        supervisorKey,
      );
      alertIds = alerts.body.items.filter((a) => a.subject.id === late.id).map((a) => a.id);
      if (alertIds.length === 0) await sleep(100);
    }
    if (alertIds.length === 0) throw new Error('The late registration raised no alert');
    const opened = await posted(
      call<{ id: string }>(api, 'POST', '/v1/cases', investigatorKey, {
        origins: alertIds.map((id) => ({ kind: 'alert', id })),
        grounds: [1],
        departments: [BENCH_DEPARTMENT],
        summary: '登记不及时',
        openedAt: new Date().toISOString(),
      }),
      'POST /v1/cases',
    );
    const path = `/v1/cases/${opened.id}/reconstruction`;
    const first = await call<{ events: unknown[]; streams: { streamId: string }[] }>(api, 'GET', path, investigatorKey);
    if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status}`);
    const streamIds = first.body.streams.map((s) => s.streamId);

    const reconstruction = await timed(async () => {
      const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${investigatorKey}` } });
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
      await res.arrayBuffer();
    });
    const dossierPath = `/v1/cases/${opened.id}/dossier`;
    let dossierBytes = 0;
    const dossier = await timed(async () => {
      const res = await fetch(`${api.baseUrl}${dossierPath}`, {
        headers: { authorization: `Bearer ${investigatorKey}` },
      });
      if (res.status !== 200) throw new Error(`GET ${dossierPath} answered ${res.status}`);
      dossierBytes = (await res.arrayBuffer()).byteLength;
    });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const raw = await timed(async () => {
      await client.query('SELECT * FROM events WHERE stream_id = ANY($1::text[]) ORDER BY global_position', [
        streamIds,
      ]);
    });
    const [{ count }] = (await client.query<{ count: string }>('SELECT count(*) FROM events')).rows;
    await client.end();

    console.log(
      `${database.description}; ${count} events in the log (${LOG_SIZE} registrations loaded in ` +
        `${loadSeconds.toFixed(1)} s, projected in ${settleSeconds.toFixed(1)} s more); the case touches ${streamIds.length} streams, ${first.body.events.length} events`,
    );
    console.table({
      'GET /v1/cases/{id}/reconstruction': summary(reconstruction),
      [`GET /v1/cases/{id}/dossier (${Math.round(dossierBytes / 1024)} KiB zip)`]: summary(dossier),
      'raw SELECT of the same streams': summary(raw),
    });
  } finally {
    await api.stop();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
