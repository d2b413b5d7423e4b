import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { openDatabase } from '@app/event-store';
import { ALL_MIGRATIONS, ProjectorAppModule } from '@app/bootstrap';
import { PENDING_DEADLINES_REACTOR } from '@app/supervision';
import { createTestApp, TestApp } from './support/create-test-app';
import { grantPublishedPower } from './support/powers';

const POWER = 'YCJ-CF-0060';

/**
 * The projector apart from the API (RUN_PROJECTOR=false), stopped while 2027 is published and started again: the
 * pending deadlines are computed by the projector that comes back, exactly once, even when the reactor reads the whole
 * log again from its start.
 */
describe('pending deadlines across projector restarts', () => {
  let t: TestApp;
  let projectorDb: DataSource;
  const key: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ RUN_PROJECTOR: 'false' });
    projectorDb = await openDatabase(t.db.url, { migrations: ALL_MIGRATIONS, poolSize: 5 });
    key.reviewer = await t.keyFor('reviewer');
    key.admin = await t.keyFor('admin');
    key.YCJ = await t.keyFor('department', 'YCJ');
    await grantPublishedPower(t, key.reviewer, POWER, { timeLimit: { legalDays: 60, committedDays: 20 } });
  }, 30_000);
  afterAll(async () => {
    if (projectorDb.isInitialized) await projectorDb.destroy();
    await t.close();
  });

  const startProjector = async (): Promise<INestApplicationContext> => {
    const config = loadConfig({ LOG_LEVEL: 'silent', CLOCK: 'settable' });
    const projector = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config, projectorDb), {
      logger: false,
    });
    await projector.init();
    return projector;
  };
  const computedEvents = async (id: string) =>
    t.db.dataSource.query<{ event_id: string; data: { calendarVersion: number } }[]>(
      `SELECT event_id, data FROM events WHERE stream_id = $1 AND type = 'OperationDeadlinesComputed'`,
      [`operation-${id}`],
    );
  const head = async (): Promise<number> =>
    Number((await t.db.dataSource.query<{ max: string }[]>('SELECT max(global_position) AS max FROM events'))[0].max);
  /** Until every projection, the pending-deadlines reactor among them, has passed every event written so far. */
  const caughtUp = async (): Promise<void> => {
    const target = await head();
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const rows = await t.db.dataSource.query<{ name: string; position: string }[]>(
        'SELECT name, position FROM projection_checkpoints',
      );
      const reactor = rows.find((row) => row.name === PENDING_DEADLINES_REACTOR);
      if (reactor && rows.every((row) => Number(row.position) >= target)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the projections did not catch up');
  };

  it('computes the deadlines once when the projector comes back, and never again on a replay', async () => {
    let projector = await startProjector();
    const id = 'restart-1';
    const registered = await t
      .http()
      .post('/v1/operations')
      .set({ Authorization: `Bearer ${key.YCJ}` })
      .send({
        id,
        powerCode: POWER,
        caseNumber: '宁烟专罚〔2026〕101号',
        counterparty: { kind: 'person', name: '张三' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt: '2026-12-02T09:00:00+08:00',
      });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ deadlines: null, deadlinesPending: { years: [2027] } });
    await caughtUp();
    await projector.close();

    const published = await t
      .http()
      .post('/v1/admin/calendars')
      .set({ Authorization: `Bearer ${key.admin}` })
      .send({ year: 2027, holidays: ['2027-01-01'], workdays: [], source: '国办发明电〔2026〕（e2e）' });
    expect(published.status).toBe(201);
    // Nobody computes while the projector is down.
    expect(await computedEvents(id)).toEqual([]);

    projector = await startProjector();
    await caughtUp();
    const [first] = await computedEvents(id);
    expect(first.data.calendarVersion).toBe(1);
    await projector.close();

    // The reactor reads the whole log again, as after a crash that lost its checkpoint.
    await t.db.dataSource.query(
      `UPDATE projection_checkpoints SET position = 0, transaction_id = '0' WHERE name = $1`,
      [PENDING_DEADLINES_REACTOR],
    );
    projector = await startProjector();
    await caughtUp();
    await projector.close();
    expect(await computedEvents(id)).toEqual([first]);

    const operation = await t
      .http()
      .get(`/v1/operations/${id}`)
      .set({ Authorization: `Bearer ${key.YCJ}` });
    expect(operation.body).toMatchObject({ deadlinesPending: null, deadlines: { committed: expect.any(String) } });
  }, 60_000);
});
