import {
  Actor,
  fold,
  OperationCommand,
  operationDecider,
  OperationEvent,
  OperationPowerInput,
  operationStreamId,
  officialCalendar,
} from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projector';
import { OperationsProjection } from './operations.projection';
import { OperationsQueries } from './operations.queries';

const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
const calendar = officialCalendar();
const POWER: OperationPowerInput = {
  code: 'CG-CF-0001',
  exists: true,
  inForce: true,
  ownerDepartment: 'CG',
  category: 'penalty',
  important: true,
  timeLimit: { legalDays: 20, committedDays: 5 },
  version: 1,
};
/** Monday 2025-03-03: committed deadline the end of Monday 03-10, legal the end of 03-31. */
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
const ALL = { kind: 'all' } as const;

describe('OperationsProjection and OperationsQueries', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let queries: OperationsQueries;
  const projection = new OperationsProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    runner = new ProjectionRunner(db.dataSource, store, [projection]);
    queries = new OperationsQueries(db.dataSource);
  });
  afterAll(() => db.drop());

  const run = (id: string, command: Record<string, unknown>) =>
    handleCommand(
      store,
      operationDecider,
      operationStreamId(id),
      { actor: CG, id, calendar, ...command } as unknown as OperationCommand,
      { metadata: { actor: CG }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );
  const register = (id: string) =>
    run(id, {
      type: 'RegisterOperation',
      recordedAt: '2025-03-03T10:00:00+08:00',
      powerCode: POWER.code,
      department: 'CG',
      caseNumber: `宁城罚〔2025〕${id}号`,
      counterparty: { kind: 'person', name: '张三' },
      handlers: [{ name: '李四', post: '执法队员' }],
      acceptedAt: ACCEPTED_AT,
      power: POWER,
    });
  const step = (id: string, kind: string, at: string, note?: string) =>
    run(id, {
      type: 'RecordStep',
      recordedAt: at,
      kind,
      at,
      by: '李四',
      ...(note ? { note } : {}),
      ...(kind === 'pause'
        ? { pauseKind: 'other', documents: [{ name: '中止通知书.pdf', sha256: 'd'.repeat(64) }] }
        : {}),
    });
  const complete = (id: string, at: string) => run(id, { type: 'CompleteOperation', recordedAt: at, at });

  /** The decider's state from the whole stream: what the row must hold. */
  const folded = async (id: string) =>
    fold(
      operationDecider,
      (await store.readStream(operationStreamId(id))).map((e) => ({ type: e.type, data: e.data }) as OperationEvent),
    );
  const stored = async (id: string) =>
    (
      await db.dataSource.query<{ state: unknown; status: string; version: number; clock_stopped_at: Date | null }[]>(
        'SELECT state, status, version, clock_stopped_at FROM operations WHERE id = $1',
        [id],
      )
    )[0];

  it('folds a registration and its follow-ups met in one batch into the decider’s state', async () => {
    await register('op-1');
    await step('op-1', 'pause', '2025-03-04T10:00:00+08:00', '听证');
    await step('op-1', 'resume', '2025-03-07T09:00:00+08:00');
    await complete('op-1', '2025-03-14T16:00:00+08:00');
    await runner.catchUp();
    const row = await stored('op-1');
    expect(row.state).toEqual(await folded('op-1'));
    expect(row).toMatchObject({ status: 'completed', version: 5 });
    expect(row.clock_stopped_at?.toISOString()).toBe('2025-03-14T08:00:00.000Z');
  });

  it('continues from the stored row when the follow-ups come in later batches', async () => {
    await register('op-2');
    await runner.catchUp();
    await step('op-2', 'pause', '2025-03-04T10:00:00+08:00', '检测');
    await runner.catchUp();
    expect(await stored('op-2')).toMatchObject({ status: 'paused', version: 2 });
    await step('op-2', 'resume', '2025-03-05T10:00:00+08:00');
    await runner.catchUp();
    const row = await stored('op-2');
    expect(row.state).toEqual(await folded('op-2'));
    expect(row).toMatchObject({ status: 'open', version: 4, clock_stopped_at: null });
  });

  it('judges overdue at the time asked, a stopped clock at the time it stopped', async () => {
    await register('open');
    await register('paused-early');
    await step('paused-early', 'pause', '2025-03-07T10:00:00+08:00', '听证');
    await register('paused-late');
    await step('paused-late', 'pause', '2025-03-11T10:00:00+08:00', '听证');
    await register('on-time');
    await complete('on-time', '2025-03-10T23:00:00+08:00');
    await register('late');
    await complete('late', '2025-03-11T09:00:00+08:00');
    await runner.catchUp();
    const overdueAt = async (now: string) => {
      const page = await queries.list(ALL, { overdue: true, powerCode: POWER.code }, { limit: 500 }, new Date(now));
      return page.items.map((o) => o.id).filter((id) => !id.startsWith('op-'));
    };
    expect((await overdueAt('2025-03-10T23:59:59.999+08:00')).sort()).toEqual(['late', 'paused-late']);
    expect((await overdueAt('2025-03-11T00:00:00+08:00')).sort()).toEqual(['late', 'open', 'paused-late']);
    // Running and stopped-late matters are read in two branches: page by page they still come in one order.
    const now = new Date('2025-03-11T00:00:00+08:00');
    const whole = await queries.list(ALL, { overdue: true, powerCode: POWER.code }, { limit: 500 }, now);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.list(ALL, { overdue: true, powerCode: POWER.code }, { limit: 1, cursor }, now);
      paged.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(paged).toEqual(whole.items.map((o) => o.id));
    expect(paged.filter((id) => !id.startsWith('op-'))).toEqual(['paused-late', 'open', 'late']);
    expect((await queries.get('paused-early', ALL, new Date('2026-01-01T00:00:00Z'))).overdue).toBe(false);
    expect((await queries.get('on-time', ALL, new Date('2026-01-01T00:00:00Z'))).overdue).toBe(false);
    const notOverdue = await queries.list(ALL, { overdue: false }, { limit: 500 }, new Date('2025-03-11T00:00:00Z'));
    expect(notOverdue.items.map((o) => o.id)).toEqual(expect.arrayContaining(['paused-early', 'on-time']));
    expect(notOverdue.items.map((o) => o.id)).not.toContain('late');
  });

  it('rebuilds the same rows from the log', async () => {
    const before = await db.dataSource.query('SELECT * FROM operations ORDER BY id');
    await runner.rebuild(projection);
    expect(await db.dataSource.query('SELECT * FROM operations ORDER BY id')).toEqual(before);
  });
});
