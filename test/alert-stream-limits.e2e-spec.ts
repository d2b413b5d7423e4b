import { get as httpGet } from 'node:http';
import { AddressInfo } from 'node:net';
import { AlertRaisedData, alertStreamId } from '@app/domain';
import { AppendRequest, EVENT_STORE, EventStore, newEventId } from '@app/event-store';
import { createTestApp, TestApp } from './support/create-test-app';
import { until } from './support/until';

const PROBLEM_JSON = /^application\/problem\+json/;
const STREAMS_PER_KEY = 3;
const MAX_PENDING_BYTES = 16_384;

interface Reader {
  status: number;
  contentType: string;
  body: string;
  ids: Set<string>;
  connected: Promise<void>;
  closed: Promise<void>;
  close(): void;
}

/** GET /v1/alerts/stream, reading everything: the `id:` of each event, and the body of a refusal. */
function openReader(port: number, key: string): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const request = httpGet(
      { host: '127.0.0.1', port, path: '/v1/alerts/stream', headers: { Authorization: `Bearer ${key}` } },
      (response) => {
        let connected!: () => void;
        let closed!: () => void;
        const reader: Reader = {
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type']),
          body: '',
          ids: new Set(),
          connected: new Promise((done) => (connected = done)),
          closed: new Promise((done) => (closed = done)),
          close: () => request.destroy(),
        };
        let pending = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (reader.status !== 200) reader.body += chunk;
          pending += chunk;
          const events = pending.split('\n\n');
          pending = events.pop()!;
          for (const event of events) {
            if (event === ': connected') connected();
            const id = /^id: (\d+)$/m.exec(event)?.[1];
            if (id) reader.ids.add(id);
          }
        });
        response.on('close', () => closed());
        response.on('error', () => undefined);
        resolve(reader);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}

describe('alert stream limits', () => {
  let t: TestApp;
  let port: number;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({
      ALERT_STREAMS_PER_KEY: String(STREAMS_PER_KEY),
      ALERT_STREAM_MAX_PENDING_BYTES: String(MAX_PENDING_BYTES),
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    for (const name of ['capped', 'other', 'readers']) key[name] = await t.keyFor('supervisor');
  });
  afterAll(() => t.close());

  /** Appends `count` AlertRaised events straight to the store, as a detector batch raising them would. */
  async function raise(count: number, messageLength: number): Promise<void> {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const raisedAt = new Date().toISOString();
    for (let start = 0; start < count; start += 250) {
      const requests: AppendRequest[] = [];
      for (let i = start; i < Math.min(count, start + 250); i += 1) {
        const alertId = `op:flood-${(sequence += 1)}:g7:committed-deadline-passed`;
        const data: AlertRaisedData = {
          alertId,
          ground: 7,
          level: 'red',
          department: 'CG',
          subject: { kind: 'operation', id: `flood-${sequence}` },
          cause: 'committed-deadline-passed',
          evidence: [newEventId()],
          message: '超过承诺期限。'.repeat(messageLength / 7),
          raisedAt,
        };
        requests.push({
          streamId: alertStreamId(alertId),
          expectedVersion: 'no-stream',
          events: [{ eventId: newEventId(), type: 'AlertRaised', data }],
        });
      }
      await store.appendMany(requests);
    }
  }

  it(`lets one key hold ${STREAMS_PER_KEY} streams, refuses one more with 429, and frees a place as one closes`, async () => {
    const open = await Promise.all(Array.from({ length: STREAMS_PER_KEY }, () => openReader(port, key.capped)));
    try {
      await Promise.all(open.map((reader) => reader.connected));
      expect(open.map((reader) => reader.status)).toEqual(Array(STREAMS_PER_KEY).fill(200));

      const refused = await openReader(port, key.capped);
      await refused.closed;
      expect(refused.status).toBe(429);
      expect(refused.contentType).toMatch(PROBLEM_JSON);
      expect(JSON.parse(refused.body)).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });

      const otherKey = await openReader(port, key.other);
      await otherKey.connected;
      expect(otherKey.status).toBe(200);
      otherKey.close();

      open.shift()!.close();
      let again: Reader | undefined;
      await until(
        async () => {
          again?.close();
          again = await openReader(port, key.capped);
          return again.status === 200;
        },
        (ok) => ok,
        5000,
      );
      again!.close();
    } finally {
      for (const reader of open) reader.close();
    }
  }, 30_000);

  // A client that stops reading is cut off (event-stream.spec.ts): over real sockets the kernel's buffers take
  // megabytes first, as much as its autotuning allows, so no flood of a test's size shows it reliably.
  it('serialises each alert once for all streams, delivers every one, and keeps /health answering', async () => {
    const count = 1200;
    const readers = await Promise.all(Array.from({ length: STREAMS_PER_KEY }, () => openReader(port, key.readers)));
    await Promise.all(readers.map((reader) => reader.connected));
    const stringify = jest.spyOn(JSON, 'stringify');
    const healthStatuses: number[] = [];
    let flooding = true;
    const polling = (async () => {
      while (flooding) {
        healthStatuses.push((await t.http().get('/health')).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      // About 4 KB each, raised in batches of 250 as a detector batch raises them.
      await raise(count, 1400);
      await until(
        () => readers.every((reader) => reader.ids.size === count),
        (ok) => ok,
        30_000,
      );
      const alertViewsSerialised = stringify.mock.calls.filter(([value]) => {
        const view = value as { notes?: unknown; evidence?: unknown; status?: unknown } | null;
        return typeof view === 'object' && view !== null && 'notes' in view && 'evidence' in view && 'status' in view;
      });
      expect(alertViewsSerialised).toHaveLength(count);

      // The streams that stopped reading were cut off, short of the flood, and their places given back.
    } finally {
      flooding = false;
      await polling;
      stringify.mockRestore();
      for (const reader of readers) reader.close();
    }
    expect(healthStatuses.length).toBeGreaterThan(0);
    expect(new Set(healthStatuses)).toEqual(new Set([200]));
  }, 60_000);
});
