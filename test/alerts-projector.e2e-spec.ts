import { get as httpGet } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { openDatabase } from '@app/event-store';
import { ALL_MIGRATIONS, ProjectorAppModule } from '@app/bootstrap';
import { Clock, SettableClock } from '@app/platform';
import { publishMissingCalendarYears, shanghaiYear } from './support/calendar-years';
import { createTestApp, TestApp } from './support/create-test-app';

const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';

/**
 * The API with RUN_PROJECTOR=false and the projector on its own (as `npm run start:projector` runs it, here with
 * connections of its own in the same test process): the detectors and the deadline watcher run in the projector,
 * and the API's alert stream still sees every alert they raise, since it follows the log itself.
 */
describe('alerts with the projector apart from the API', () => {
  let t: TestApp;
  let projector: INestApplicationContext;
  let projectorDb: DataSource;
  let clock: SettableClock;
  let baseUrl: string;
  const key: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ RUN_PROJECTOR: 'false' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    projectorDb = await openDatabase(t.db.url, { migrations: ALL_MIGRATIONS, poolSize: 5 });
    const config = loadConfig({ LOG_LEVEL: 'silent', CLOCK: 'settable' });
    projector = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config, projectorDb), {
      logger: false,
    });
    const provided = projector.get(Clock);
    if (!(provided instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
    clock = provided;
    clock.set('2025-03-03T10:00:00+08:00');
    await projector.init();
    key.reviewer = await t.keyFor('reviewer');
    key.supervisor = await t.keyFor('supervisor');
    key.YCJ = await t.keyFor('department', 'YCJ');
    // The late-registration count runs from the 2025 acceptance up to the real recording time.
    await publishMissingCalendarYears(t, await t.keyFor('admin'), [shanghaiYear(Date.now())]);
    const granted = await t
      .http()
      .post('/v1/powers')
      .set({ Authorization: `Bearer ${key.reviewer}` })
      .send({
        code: 'YCJ-CF-0001',
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
    expect(granted.status).toBe(201);
  });
  afterAll(async () => {
    await projector.close();
    if (projectorDb.isInitialized) await projectorDb.destroy();
    await t.close();
  });

  const register = async (id: string) => {
    const res = await t
      .http()
      .post('/v1/operations')
      .set({ Authorization: `Bearer ${key.YCJ}` })
      .send({
        id,
        powerCode: 'YCJ-CF-0001',
        caseNumber: `宁烟专罚〔2025〕${id}号`,
        counterparty: { kind: 'person', name: '张三' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt: ACCEPTED_AT,
      });
    expect(res.status).toBe(201);
    return res.body.position as number;
  };

  it('streams the red card the projector raises for an operation still open past its committed deadline', async () => {
    const received: string[] = [];
    let connected = false;
    const request = httpGet(
      `${baseUrl}/v1/alerts/stream?ground=10`,
      { headers: { Authorization: `Bearer ${key.supervisor}` } },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (chunk.includes(': connected')) connected = true;
          for (const line of chunk.split('\n')) {
            if (line.startsWith('data: ')) received.push((JSON.parse(line.slice(6)) as { id: string }).id);
          }
        });
      },
    );
    request.on('error', () => undefined);
    try {
      const position = await register('apart-1');
      // minPosition works across processes: the projector's checkpoints are in the database.
      const listed = await t
        .http()
        .get(`/v1/alerts?minPosition=${position}`)
        .set({ Authorization: `Bearer ${key.supervisor}` });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual(['op:apart-1:g1:late-registration']);
      for (const deadline = Date.now() + 2000; !connected && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(connected).toBe(true);

      clock.set('2025-03-11T00:00:00+08:00');
      for (const deadline = Date.now() + 5000; received.length === 0 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(received).toEqual(['op:apart-1:g10:committed-deadline-passed']);
    } finally {
      request.destroy();
    }
  });
});
