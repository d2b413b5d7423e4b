import { ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { get } from 'node:http';
import { createTestDatabase, freePort, TestDatabase } from '@app/testing';
import { until } from './support/until';
import { buildApp, startBuiltApi } from './support/built-app';

interface ChildInfo {
  pid: number;
  niceness: number;
  role: string;
}

/** The processes `pid` forked, with their niceness and `--worker=` role, from ps. */
function childrenOf(pid: number): ChildInfo[] {
  const out = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,ni=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('--worker='))
    .map((line) => {
      const [childPid, niceness] = line.trim().split(/\s+/);
      return { pid: Number(childPid), niceness: Number(niceness), role: /--worker=(\w+)/.exec(line)![1] };
    });
}

/** The status of GET `url` on a connection of its own: a kept-alive one may belong to a worker that just died. */
function statusOnNewConnection(url: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    })
      .on('timeout', () => reject(new Error(`GET ${url} timed out`)))
      .on('error', reject);
  });
}

/**
 * `npm start` with API_WORKERS=2, as an operator runs it: the real build of main.ts in a process of its own, on a
 * test database reached as the application's login with the owner migrating. A supervisor, two HTTP workers on one
 * port and a projector at lower CPU priority; a worker that dies is replaced; SIGTERM stops them all.
 */
describe('npm start with API_WORKERS=2', () => {
  let db: TestDatabase;
  let build: { remove(): void; dir: string };
  let supervisor: ChildProcess;
  let output: () => string;
  let baseUrl: string;
  const adminKey = `psk_e2eadmin_${randomBytes(32).toString('base64url')}`;
  const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    build = buildApp('api-workers-e2e');
    db = await createTestDatabase(2);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const started = await startBuiltApi(build.dir, {
      DATABASE_URL: db.url,
      DATABASE_MIGRATION_URL: db.ownerUrl,
      DATABASE_POOL_SIZE: '4',
      API_WORKERS: '2',
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'warn',
    });
    supervisor = started.process;
    output = started.output;
  }, 90_000);

  afterAll(async () => {
    if (supervisor.exitCode === null) {
      supervisor.kill('SIGKILL');
      for (const child of childrenOf(supervisor.pid!)) process.kill(child.pid, 'SIGKILL');
    }
    await db.drop();
    build.remove();
  });

  it('runs two HTTP workers and one projector at lower CPU priority, and says so', () => {
    expect(output()).toContain('Processes: 2 HTTP workers, 1 projector (lower CPU priority)');
    const children = childrenOf(supervisor.pid!);
    expect(children.map((c) => c.role).sort()).toEqual(['http', 'http', 'projector']);
    expect(children.find((c) => c.role === 'projector')!.niceness).toBe(10);
    expect(children.filter((c) => c.role === 'http').map((c) => c.niceness)).toEqual([0, 0]);
  });

  it('answers on one port from either worker, and the projector projects what they write', async () => {
    for (const code of ['WA', 'WB', 'WC', 'WD']) {
      const written = await fetch(`${baseUrl}/v1/admin/departments`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ code, name: `工作进程测试${code}` }),
      });
      expect(written.status).toBe(201);
      const { position } = (await written.json()) as { position: number };
      const listed = await fetch(`${baseUrl}/v1/departments?minPosition=${position}`, { headers: admin });
      expect(listed.status).toBe(200);
      const { items } = (await listed.json()) as { items: { code: string }[] };
      expect(items.map((d) => d.code)).toContain(code);
    }
  });

  it("names each process's database sessions by its role, for pg_stat_activity", async () => {
    const owner = await db.owner();
    // An idle pool lets its sessions go: a request keeps the HTTP worker's open; the projector always listens.
    const names = await until(
      async () => {
        expect(await statusOnNewConnection(`${baseUrl}/health`)).toBe(200);
        const rows = await owner.query<{ application_name: string }[]>(
          `SELECT DISTINCT application_name FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE 'power-supervision%'`,
        );
        return rows.map((row) => row.application_name).sort();
      },
      (found) => found.includes('power-supervision http') && found.includes('power-supervision projector'),
      20_000,
    );
    expect(names.every((name) => /^power-supervision (http|projector|supervisor|batch worker)$/.test(name))).toBe(true);
  }, 30_000);

  it('replaces an HTTP worker that dies, and keeps answering meanwhile', async () => {
    const [victim] = childrenOf(supervisor.pid!).filter((c) => c.role === 'http');
    process.kill(victim.pid, 'SIGKILL');
    // Once the supervisor knows, new connections go to the worker that is left.
    await until(
      output,
      (text) => text.includes(`The http worker ${victim.pid} exited (SIGKILL); restarting it in 1 s`),
      20_000,
    );
    expect(await statusOnNewConnection(`${baseUrl}/health`)).toBe(200);
    const replaced = await until(
      () => childrenOf(supervisor.pid!).filter((c) => c.role === 'http'),
      (http) => http.length === 2 && !http.some((c) => c.pid === victim.pid),
      20_000,
    );
    expect(replaced).toHaveLength(2);
  }, 30_000);

  it('stops every worker on SIGTERM and exits 0', async () => {
    const children = childrenOf(supervisor.pid!);
    const exited = once(supervisor, 'exit');
    supervisor.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(output()).toContain('Stopped.');
    for (const child of children) expect(() => process.kill(child.pid, 0)).toThrow();
  });
});
