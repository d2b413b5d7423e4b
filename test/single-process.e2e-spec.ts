import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, freePort, TestDatabase } from '@app/testing';
import { buildApp, startBuiltApi, StartedApi } from './support/built-app';
import { createTestApp, TestApp } from './support/create-test-app';
import { penaltyPowerBody } from './support/powers';
import { until } from './support/until';

const DEPARTMENT = 'SP';
const POWER = 'SP-CF-0001';

/** The niceness of each thread of process `pid` (Linux: a thread's nice value is its own). */
function threadNiceness(pid: number): { main: number; others: number[] } {
  const niceOf = (tid: string) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const tids = readdirSync(`/proc/${pid}/task`);
  return { main: niceOf(String(pid)), others: tids.filter((tid) => tid !== String(pid)).map(niceOf) };
}

const registration = (fields: Record<string, unknown> = {}) => ({
  powerCode: POWER,
  caseNumber: '宁烟专罚〔2025〕12号',
  counterparty: { kind: 'person', name: '张三', idNumber: '110101199003071234' },
  handlers: [{ name: '李四', post: '执法队员' }],
  acceptedAt: new Date(Date.now() - 3_600_000).toISOString(),
  ...fields,
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * `npm start` as a new user runs it: one process whose thread answers HTTP, with the projector in a thread of its
 * own and batches of registrations handled in worker threads (two here, BATCH_THREADS=2; one by default), all at
 * lower CPU priority. The worker answers every batch, refused ones included, exactly as the API's own thread does
 * (BATCH_THREADS=0, the in-process app of the other e2e tests): the same requests go to both and the answers are
 * compared.
 */
describe('npm start as one process: projector and batches in threads of their own', () => {
  let db: TestDatabase;
  let build: { dir: string; remove(): void };
  let api: StartedApi;
  let baseUrl: string;
  let departmentKey: string;
  let inProcess: TestApp;
  let inProcessKey: string;
  const adminKey = `psk_e2eadmin_${randomBytes(32).toString('base64url')}`;

  const call = async (method: string, path: string, key: string, body?: unknown, headers = {}): Promise<Answer> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const created = async <T>(path: string, key: string, body: unknown): Promise<T> => {
    const answer = await call('POST', path, key, body);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  };

  /** The same batch (a JSON text) to the built app and the in-process one; the answers without correlation ids. */
  const both = async (text: string, headers: Record<string, string> = {}): Promise<[Answer, Answer]> => {
    const threaded = await call('POST', '/v1/operations/batch', departmentKey, text, headers);
    const res = await inProcess
      .http()
      .post('/v1/operations/batch')
      .set({ authorization: `Bearer ${inProcessKey}`, 'content-type': 'application/json', ...headers })
      .send(text);
    const strip = ({ correlationId: _, ...rest }: Record<string, unknown>) => rest;
    return [
      { status: threaded.status, body: strip(threaded.body) },
      { status: res.status, body: strip(res.body as Record<string, unknown>) },
    ];
  };

  beforeAll(async () => {
    build = buildApp('single-process-e2e');
    db = await createTestDatabase(2);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = await startBuiltApi(build.dir, {
      DATABASE_URL: db.url,
      DATABASE_MIGRATION_URL: db.ownerUrl,
      DATABASE_POOL_SIZE: '4',
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'warn',
      BATCH_THREADS: '2',
    });
    await created('/v1/admin/departments', adminKey, { code: DEPARTMENT, name: '单进程测试局' });
    departmentKey = (
      await created<{ key: string }>('/v1/admin/keys', adminKey, {
        name: 'e2e',
        role: 'department',
        department: DEPARTMENT,
      })
    ).key;
    const reviewerKey = (await created<{ key: string }>('/v1/admin/keys', adminKey, { name: 'e2e', role: 'reviewer' }))
      .key;
    await created('/v1/powers', reviewerKey, penaltyPowerBody(POWER, DEPARTMENT));

    inProcess = await createTestApp();
    inProcessKey = await inProcess.keyFor('department', DEPARTMENT);
    const res = await inProcess
      .http()
      .post('/v1/powers')
      .set({ authorization: `Bearer ${await inProcess.keyFor('reviewer')}` })
      .send(penaltyPowerBody(POWER, DEPARTMENT));
    expect(res.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    if (api?.process.exitCode === null) api.process.kill('SIGKILL');
    await inProcess?.close();
    await db?.drop();
    build?.remove();
  });

  it('answers HTTP in the main thread; the projector and the batch workers run at lower CPU priority', () => {
    const { main, others } = threadNiceness(api.process.pid!);
    expect(main).toBe(0);
    expect(others.filter((nice) => nice === 10).length).toBeGreaterThanOrEqual(3);
  });

  it('opens the pool of every batch thread as it starts, before any batch', async () => {
    const owner = await db.owner();
    const sessions = await until(
      async () => {
        const [row] = await owner.query<{ count: string }[]>(
          `SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'power-supervision batch worker'`,
        );
        return Number(row.count);
      },
      (count) => count >= 2,
      10_000,
    );
    expect(sessions).toBeGreaterThanOrEqual(2);
  });

  it('registers a batch in the worker thread, and the projector thread projects it', async () => {
    const ids = [1, 2, 3].map(() => crypto.randomUUID());
    const written = await call('POST', '/v1/operations/batch', departmentKey, {
      items: ids.map((id) => registration({ id })),
    });
    expect(written.status).toBe(201);
    const items = written.body.items as { id: string; position: number; version: number }[];
    expect(items.map((item) => item.id)).toEqual(ids);
    const last = Math.max(...items.map((item) => item.position));
    const read = await call('GET', `/v1/operations/${ids[2]}?minPosition=${last}`, departmentKey);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ids[2], powerCode: POWER, status: 'open' });
  });

  it('takes a full batch (its body moved to the worker) and answers with the JSON the worker wrote', async () => {
    const ids = Array.from({ length: 1000 }, () => crypto.randomUUID());
    const res = await fetch(`${baseUrl}/v1/operations/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${departmentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: ids.map((id) => registration({ id })) }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const answer = JSON.parse(text) as { items: { id: string; position: number }[] };
    expect(answer.items.map((item) => item.id)).toEqual(ids);
    expect(answer.items[999].position).toBeGreaterThan(answer.items[0].position);
  });

  it('answers a keyed retry with the first answer, and the key reused for another batch with 422', async () => {
    const headers = { 'idempotency-key': `e2e-${randomBytes(6).toString('hex')}` };
    const body = { items: [registration(), registration({ caseNumber: '宁烟专罚〔2025〕13号' })] };
    const first = await call('POST', '/v1/operations/batch', departmentKey, body, headers);
    const again = await call('POST', '/v1/operations/batch', departmentKey, body, headers);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    const other = await call('POST', '/v1/operations/batch', departmentKey, { items: [registration()] }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.each([
    ['text that is no JSON', '{"items": ['],
    ['a __proto__ key', '{"items":[],"__proto__":{"polluted":true}}'],
    ['null', 'null'],
    ['a list', '[]'],
    ['no items', '{}'],
    ['an unknown field', JSON.stringify({ items: [registration()], extra: 1 })],
    ['an invalid second item', JSON.stringify({ items: [registration(), registration({ acceptedAt: 'soon' })] })],
    ['a NUL in a case number', JSON.stringify({ items: [registration({ caseNumber: 'a\u0000b' })] })],
    ['1,001 items', JSON.stringify({ items: Array.from({ length: 1001 }, () => registration()) })],
    [
      'an acceptance before the plausible floor',
      JSON.stringify({ items: [registration({ acceptedAt: '1900-01-01' })] }),
    ],
    ['one id twice', JSON.stringify({ items: [registration({ id: 'dup-1' }), registration({ id: 'dup-1' })] })],
  ])('refuses a batch with %s exactly as the API thread does', async (_, text) => {
    const [threaded, inThread] = await both(text);
    expect(threaded.status).toBeGreaterThanOrEqual(400);
    expect(threaded.status).toBeLessThan(500);
    expect(threaded).toEqual(inThread);
  });

  it('refuses an id that is taken with 409, naming the item, exactly as the API thread does', async () => {
    const id = crypto.randomUUID();
    expect((await both(JSON.stringify({ items: [registration({ id })] })))[0].status).toBe(201);
    const [threaded, inThread] = await both(JSON.stringify({ items: [registration(), registration({ id })] }));
    expect(threaded.status).toBe(409);
    expect(threaded.body.errors).toEqual({
      'items.1.id': ['is already registered; nothing of this batch was written'],
    });
    expect(threaded).toEqual(inThread);
  });

  it("names the threads' database sessions, for pg_stat_activity", async () => {
    const owner = await db.owner();
    const names = await until(
      async () => {
        const rows = await owner.query<{ application_name: string }[]>(
          `SELECT DISTINCT application_name FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE 'power-supervision%'`,
        );
        return rows.map((row) => row.application_name);
      },
      (found) => found.includes('power-supervision batch worker') && found.includes('power-supervision projector'),
      20_000,
    );
    expect(names).toContain('power-supervision projector');
  });

  it('stops the threads with the process on SIGTERM and exits 0', async () => {
    const exited = once(api.process, 'exit');
    api.process.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(api.output()).toContain('Stopped.');
    expect(api.output()).not.toContain('Projector thread failed');
  });
});
