import { fork } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig, loadConfig } from '@app/config';
import { AlertRaisedData, alertStreamId } from '@app/domain';
import { AppendRequest, EVENT_STORE, EventStore, newEventId, openDatabase } from '@app/event-store';
import { ApiKeyService } from '@app/access';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { AppModule } from '../apps/api/src/app.module';
import { createApp } from '../apps/api/src/configure-app';
import { ProjectorThread } from '../apps/api/src/processes/projector-thread';
import { seed, registration } from './api-seed';
import { benchDatabase } from './bench-database';
import { percentile } from './sequential-timing';

/**
 * The alert stream under a flood, as issue 11 measured it: STREAMS supervisor streams open on GET /v1/alerts/stream
 * (held by a client process of their own, STREAMS_PER_KEY to a key), then one transaction raises ALERTS alerts. It
 * prints the bytes pushed, how long until every stream had every alert, /health's answer time polled every
 * HEALTH_POLL_MS throughout by a prober process (target: under 100 ms), and the API process's RSS before, at its peak and after. Then the
 * batch flood: BATCH_CALLERS callers of a client process posting batches of BATCH_ITEMS registrations for
 * BATCH_SECONDS, /health polled the same way.
 */

const STREAMS = 200;
const STREAMS_PER_KEY = 5;
const ALERTS = 1000;
const HEALTH_POLL_MS = 10;
const HEALTH_TARGET_MS = 100;
/** A delivery that takes longer than this is a failure, reported rather than waited for. */
const DELIVERY_TIMEOUT_MS = 60_000;

const BATCH_CALLERS = 4;
const BATCH_ITEMS = 1000;
const BATCH_SECONDS = 20;

type ClientMessage = { ready: true } | { bytes: number; events: number };

/** The batch client process: BATCH_CALLERS loops posting batches until BATCH_SECONDS have passed. */
async function postBatches(baseUrl: string, key: string): Promise<void> {
  const body = JSON.stringify({ items: Array.from({ length: BATCH_ITEMS }, () => registration()) });
  const until = performance.now() + BATCH_SECONDS * 1000;
  let batches = 0;
  await Promise.all(
    Array.from({ length: BATCH_CALLERS }, async () => {
      while (performance.now() < until) {
        const res = await fetch(`${baseUrl}/v1/operations/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`POST /v1/operations/batch answered ${res.status}`);
        batches += 1;
      }
    }),
  );
  process.send!({ batches });
}

/** The client process: opens the streams, says when all are connected, then when all have every alert. */
function runClients(baseUrl: string, keys: string[], alerts: number): void {
  let bytes = 0;
  let complete = 0;
  let connected = 0;
  let events = 0;
  for (let i = 0; i < STREAMS; i += 1) {
    let seen = 0;
    let connectedHere = false;
    // The end of the previous chunk: a marker may be split across two chunks.
    let carry = '';
    httpGet(`${baseUrl}/v1/alerts/stream`, { headers: { Authorization: `Bearer ${keys[i % keys.length]}` } }, (res) => {
      if (res.statusCode !== 200) throw new Error(`stream ${i}: ${res.statusCode}`);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const text = carry + chunk.toString('latin1');
        carry = text.slice(-16);
        if (!connectedHere && text.includes(': connected')) {
          connectedHere = true;
          if ((connected += 1) === STREAMS) process.send!({ ready: true } satisfies ClientMessage);
        }
        // Markers wholly inside the carried part were counted with the previous chunk.
        const found = countMarkers(text) - countMarkers(text.slice(0, text.length - chunk.length));
        seen += found;
        events += found;
        if (seen >= alerts && seen - found < alerts && (complete += 1) === STREAMS) {
          process.send!({ bytes, events } satisfies ClientMessage);
        }
      });
    });
  }
}

/** SSE event ids in the text: `id: ` at its start or after a line break. */
function countMarkers(text: string): number {
  return text.split('\nid: ').length - 1 + (text.startsWith('id: ') ? 1 : 0);
}

/** Requests a prober sends before it counts: its first ones pay for connecting and for compiling its own code. */
const PROBER_WARM_UP = 20;

/**
 * The prober process: polls /health every HEALTH_POLL_MS from outside the API process, as a load balancer or the
 * office's monitoring would (a poller inside it would also wait for the turns its own response needs). Says when
 * it is warm, counts from then on, and sends the answer times when told to stop.
 */
function probeHealth(baseUrl: string): void {
  let probing = true;
  const answers: number[] = [];
  let fresh = 0;
  process.on('message', (message) => {
    if (message === 'stop') probing = false;
  });
  void (async () => {
    for (let i = 0; i < PROBER_WARM_UP; i += 1) await (await fetch(`${baseUrl}/health`)).arrayBuffer();
    process.send!('warm');
    while (probing) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/health`);
      const body = await res.arrayBuffer();
      answers.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
      if ((JSON.parse(Buffer.from(body).toString()) as { fresh: boolean }).fresh) fresh += 1;
      await sleep(HEALTH_POLL_MS);
    }
    process.send!({ answers, fresh }, () => process.exit(0));
  })();
}

/**
 * Starts a prober process polling /health and, once it is warm, watches this process's event loop and RSS (the API
 * runs in it) until `stop`, which gives the figures the tables print.
 */
async function watchHealth(baseUrl: string): Promise<{
  stop(): Promise<{ figures: Record<string, number | string>; rssPeak: number }>;
}> {
  const prober = fork(__filename, ['health', baseUrl]);
  const exited = new Promise<never>((_, reject) =>
    prober.once('exit', (code) => reject(new Error(`the /health prober exited with code ${code}`))),
  );
  const message = <T>(accept: (m: unknown) => m is T) =>
    Promise.race([
      new Promise<T>((resolve) => {
        const listener = (m: unknown) => {
          if (!accept(m)) return;
          prober.off('message', listener);
          resolve(m);
        };
        prober.on('message', listener);
      }),
      exited,
    ]);
  await message((m): m is 'warm' => m === 'warm');
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  // process.memoryUsage.rss(), not process.memoryUsage(), which also gathers the heap's statistics: this runs in
  // the API's own thread a hundred times a second.
  let rssPeak = process.memoryUsage.rss();
  const sampleRss = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), HEALTH_POLL_MS);
  return {
    async stop() {
      prober.send('stop');
      const { answers, fresh } = await message(
        (m): m is { answers: number[]; fresh: number } => typeof m === 'object' && m !== null,
      );
      clearInterval(sampleRss);
      loopDelay.disable();
      const sorted = [...answers].sort((a, b) => a - b);
      const max = sorted[sorted.length - 1];
      return {
        rssPeak,
        figures: {
          '/health answers during the flood': answers.length,
          '/health p50 (ms)': Math.round(percentile(sorted, 50) * 10) / 10,
          '/health p99 (ms)': Math.round(percentile(sorted, 99) * 10) / 10,
          '/health max (ms)': Math.round(max * 10) / 10,
          [`/health always under ${HEALTH_TARGET_MS} ms`]: max < HEALTH_TARGET_MS ? 'yes' : 'NO',
          // The others gave the last check's report (fresh: false) while the database or the process was busy.
          '/health answers from a check made for them (%)': Math.round((fresh / answers.length) * 100),
          'longest event-loop delay of the API process (ms)': Math.round(loopDelay.max / 1e5) / 10,
        },
      };
    },
  };
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  console.log(`Benchmark database: ${database.description}`);
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS });
  // The bench polls /health from one address far more often than the public limit allows a client.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ALERT_STREAMS_PER_KEY: String(STREAMS_PER_KEY),
    RATE_LIMIT_PUBLIC_REQUESTS: '1000000',
    ...(process.env.BATCH_THREADS ? { BATCH_THREADS: process.env.BATCH_THREADS } : {}),
    // To compare settings: BATCH_CONCURRENCY=1 or BATCH_THREADS=0 npm run bench:stream.
    ...(process.env.BATCH_CONCURRENCY ? { BATCH_CONCURRENCY: process.env.BATCH_CONCURRENCY } : {}),
  });
  // As npm start runs one process: HTTP in this thread, the projector in a thread of its own.
  const httpConfig = Object.assign(new AppConfig(), config, { RUN_PROJECTOR: false });
  const app = await createApp(AppModule.forRoot({ config: httpConfig, dataSource }));
  await app.init();
  const projector = await ProjectorThread.start(config, database.url);
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const setup = { actor: { id: 'bench', role: 'admin' as const }, correlationId: 'bench' };
    const service = app.get(ApiKeyService);
    const keys: string[] = [];
    for (let i = 0; i < STREAMS / STREAMS_PER_KEY; i += 1) {
      keys.push((await service.issue({ name: `bench supervisor ${i}`, role: 'supervisor' }, setup)).key);
    }
    const mib = (bytes: number) => Math.round(bytes / 1048576);
    const rssBefore = process.memoryUsage().rss;
    const clients = fork(__filename, ['clients', baseUrl, JSON.stringify(keys), String(ALERTS)]);
    const messages: ClientMessage[] = [];
    let heard: () => void = () => undefined;
    clients.on('message', (message: ClientMessage) => {
      messages.push(message);
      heard();
    });
    const next = async (): Promise<ClientMessage> => {
      while (messages.length === 0) await new Promise<void>((resolve) => (heard = resolve));
      return messages.shift()!;
    };
    await next();
    const refused = await fetch(`${baseUrl}/v1/alerts/stream`, { headers: { Authorization: `Bearer ${keys[0]}` } });
    await refused.body?.cancel();

    // Built before the flood: the alerts are its input, as a batch's body would be; appending them is measured.
    const raisedAt = new Date().toISOString();
    const requests: AppendRequest[] = Array.from({ length: ALERTS }, (_, i) => {
      const alertId = `op:bench-${i}:g7:committed-deadline-passed`;
      const data: AlertRaisedData = {
        alertId,
        ground: 7,
        level: 'red',
        department: 'YCJ',
        subject: { kind: 'operation', id: `bench-${i}` },
        cause: 'committed-deadline-passed',
        evidence: [newEventId()],
        message: '办结时间超过承诺期限。Completed after the committed deadline.',
        raisedAt,
      };
      return {
        streamId: alertStreamId(alertId),
        expectedVersion: 'no-stream',
        events: [{ eventId: newEventId(), type: 'AlertRaised', data }],
      };
    });
    const health = await watchHealth(baseUrl);
    const started = performance.now();
    await app.get<EventStore>(EVENT_STORE).appendMany(requests);
    const done = (await Promise.race([
      next(),
      sleep(DELIVERY_TIMEOUT_MS).then(() => {
        throw new Error(`the streams did not all have every alert within ${DELIVERY_TIMEOUT_MS} ms`);
      }),
    ])) as { bytes: number; events: number };
    const delivered = performance.now() - started;
    await sleep(200);
    const { figures, rssPeak } = await health.stop();
    clients.kill();
    const rssAfter = process.memoryUsage().rss;
    console.log(
      `${STREAMS} streams (${STREAMS_PER_KEY} per key; one more for a key: ${refused.status}), one transaction raising ${ALERTS} alerts:`,
    );
    console.table({
      'bytes pushed (MB)': Math.round(done.bytes / 1e5) / 10,
      'events received': done.events,
      'all streams had all alerts after (ms)': Math.round(delivered),
      ...figures,
      'API RSS before / peak / after (MiB)': `${mib(rssBefore)} / ${mib(rssPeak)} / ${mib(rssAfter)}`,
    });

    const adminKey = (await service.issue({ name: 'bench admin', role: 'admin' }, setup)).key;
    const { departmentKey } = await seed({ baseUrl, adminKey, stop: () => Promise.resolve() });
    const batchHealth = await watchHealth(baseUrl);
    const batchClient = fork(__filename, ['batches', baseUrl, departmentKey]);
    const posted = new Promise<number>((resolve, reject) => {
      batchClient.once('message', (message: { batches: number }) => resolve(message.batches));
      batchClient.once('exit', (code) => reject(new Error(`the batch client exited with code ${code}`)));
    });
    const batches = await posted;
    const { figures: batchFigures } = await batchHealth.stop();
    batchClient.kill();
    console.log(
      `${BATCH_CALLERS} callers posting batches of ${BATCH_ITEMS} registrations for ${BATCH_SECONDS} s (another process; ` +
        `BATCH_CONCURRENCY=${config.BATCH_CONCURRENCY}):`,
    );
    console.table({
      'batches recorded': batches,
      'registrations per second': Math.round((batches * BATCH_ITEMS) / BATCH_SECONDS),
      ...batchFigures,
    });
  } finally {
    await app.close();
    await projector.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  }
}

if (process.argv[2] === 'clients') {
  runClients(process.argv[3], JSON.parse(process.argv[4]) as string[], Number(process.argv[5]));
} else if (process.argv[2] === 'health') {
  probeHealth(process.argv[3]);
} else if (process.argv[2] === 'batches') {
  postBatches(process.argv[3], process.argv[4]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
