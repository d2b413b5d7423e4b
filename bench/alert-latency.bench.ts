import { get as httpGet } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@app/config';
import { openDatabase } from '@app/event-store';
import { ApiKeyService } from '@app/access';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { Clock, SettableClock } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';
import { createApp } from '../apps/api/src/configure-app';
import { benchDatabase } from './bench-database';

/**
 * How long after a late completion (POST /v1/operations/{id}/completion with `at` past the committed deadline) its
 * red alert (ground 10: a penalty matter) can be seen: on GET /v1/alerts/stream (SSE), by polling GET /v1/alerts
 * every few milliseconds, and by one GET /v1/alerts?minPosition=<the completion's position>. The API runs as `npm start`
 * runs it (projector in process) on a throw-away database; the detectors' clock is held at the acceptance time, so
 * the operation is not already overdue by time alone when it is registered and the red card comes from the
 * completion, through the reactor.
 */

const RUNS = 20;
const WARM_UP = 2;
const POLL_MS = 5;
const TARGET_MS = 1000;
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
const LATE_COMPLETION = '2025-03-12T10:00:00+08:00';
const POWER = 'YCJ-CF-0001';

interface Stream {
  /** Resolves when an event whose alert id is `alertId` arrives. */
  next(alertId: string): Promise<void>;
  close(): void;
}

/** GET /v1/alerts/stream with a plain HTTP client; resolves once the stream has said it is connected. */
function openStream(url: string, key: string): Promise<Stream> {
  const waiting = new Map<string, () => void>();
  const arrived = new Set<string>();
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { Authorization: `Bearer ${key}` } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`stream answered ${response.statusCode}`));
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          if (lines.includes(': connected')) {
            resolve({
              next: (alertId) =>
                arrived.has(alertId) ? Promise.resolve() : new Promise<void>((done) => waiting.set(alertId, done)),
              close: () => request.destroy(),
            });
          }
          const data = lines.find((line) => line.startsWith('data: '));
          if (data === undefined) continue;
          const { id } = JSON.parse(data.slice(6)) as { id: string };
          arrived.add(id);
          waiting.get(id)?.();
        }
      });
    });
    request.on('error', reject);
  });
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    'min ms': round(sorted[0]),
    'median ms': round(sorted[Math.floor(sorted.length / 2)]),
    'max ms': round(sorted[sorted.length - 1]),
    [`within ${TARGET_MS} ms`]: sorted[sorted.length - 1] <= TARGET_MS ? 'yes' : 'NO',
  };
};

async function main(): Promise<void> {
  const database = await benchDatabase();
  console.log(`Benchmark database: ${database.description}`);
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS });
  const config = loadConfig({ LOG_LEVEL: 'silent', CLOCK: 'settable' });
  const app = await createApp(AppModule.forRoot({ config, dataSource }));
  await app.init();
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const clock = app.get(Clock);
  if (!(clock instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
  clock.set(ACCEPTED_AT);
  try {
    const setup = { actor: { id: 'bench', role: 'admin' as const }, correlationId: 'bench' };
    const keys = app.get(ApiKeyService);
    const issue = async (role: 'admin' | 'reviewer' | 'supervisor' | 'department', department?: string) =>
      (await keys.issue({ name: `bench ${role}`, role, department }, setup)).key;
    const call = async (path: string, key: string, body?: object): Promise<Record<string, unknown>> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    const admin = await issue('admin');
    await call('/v1/admin/departments', admin, { code: 'YCJ', name: '宁国市烟草专卖局' });
    const [reviewer, supervisor, department] = [
      await issue('reviewer'),
      await issue('supervisor'),
      await issue('department', 'YCJ'),
    ];
    await call('/v1/powers', reviewer, {
      code: POWER,
      name: '对无准运证运输烟草专卖品的处罚',
      category: 'penalty',
      department: 'YCJ',
      legalBasis: [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条' }],
      timeLimit: { legalDays: 20, committedDays: 5 },
      important: true,
      approval: {
        authority: '宁国市规范行政权力运行工作领导小组',
        documentNo: '宁规范〔2023〕35号',
        date: '2023-12-20',
      },
      effectiveFrom: '2024-01-01',
    });
    const stream = await openStream(`${baseUrl}/v1/alerts/stream?ground=10&level=red`, supervisor);

    const sse: number[] = [];
    const polled: number[] = [];
    const minPosition: number[] = [];
    for (let run = 0; run < WARM_UP + RUNS; run += 1) {
      const id = `bench-${run}`;
      await call('/v1/operations', department, {
        id,
        powerCode: POWER,
        caseNumber: `宁烟专罚〔2025〕${run}号`,
        counterparty: { kind: 'person', name: '张三' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt: ACCEPTED_AT,
      });
      const alertId = `op:${id}:g10:committed-deadline-passed`;
      const arrived = stream.next(alertId);
      const started = performance.now();
      const completion = call(`/v1/operations/${id}/completion`, department, { at: LATE_COMPLETION });
      const sseAt = arrived.then(() => performance.now());
      const polledAt = (async () => {
        for (;;) {
          const page = await call('/v1/alerts?ground=10&level=red&limit=1', supervisor);
          if ((page.items as { id: string }[])[0]?.id === alertId) return performance.now();
          await sleep(POLL_MS);
        }
      })();
      const { position } = await completion;
      const readAfterWrite = performance.now();
      await call(`/v1/alerts?ground=10&level=red&limit=1&minPosition=${position as number}`, supervisor);
      const readAt = performance.now();
      const [sseDone, pollDone] = await Promise.all([sseAt, polledAt]);
      if (run < WARM_UP) continue;
      sse.push(sseDone - started);
      polled.push(pollDone - started);
      minPosition.push(readAt - readAfterWrite);
    }
    stream.close();

    console.log(`Late completion → red alert visible, ${RUNS} runs (after ${WARM_UP} warm-up), from sending the POST:`);
    console.table({
      'SSE event received': stats(sse),
      [`GET /v1/alerts polled every ${POLL_MS} ms`]: stats(polled),
      'GET ?minPosition (after the POST answered)': stats(minPosition),
    });
  } finally {
    await app.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
