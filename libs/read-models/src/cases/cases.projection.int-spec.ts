import { Actor, CaseCommand, caseDecider, caseStreamId, officialCalendar } from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projector';
import { CasesProjection } from './cases.projection';
import { CasesQueries } from './cases.queries';

const INVESTIGATOR: Actor = { id: 'u-dc', role: 'investigator' };
const RECORDED_AT = '2025-04-30T09:00:00+08:00';
const calendar = officialCalendar();
const ALL = { kind: 'all' } as const;

describe('CasesProjection and CasesQueries', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let queries: CasesQueries;
  const projection = new CasesProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    runner = new ProjectionRunner(db.dataSource, store, [projection]);
    queries = new CasesQueries(db.dataSource);
  });
  afterAll(() => db.drop());

  const run = (caseId: string, command: Record<string, unknown>) =>
    handleCommand(
      store,
      caseDecider,
      caseStreamId(caseId),
      { caseId, actor: INVESTIGATOR, recordedAt: RECORDED_AT, ...command } as unknown as CaseCommand,
      { metadata: { actor: INVESTIGATOR }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );

  /** A case about `departments`, opened on `openedAt`, with one person of the first decided in `tier` on `decidedAt`. */
  async function decidedCase(caseId: string, departments: string[], openedAt: string, tier: 'minor' | 'serious') {
    await run(caseId, {
      type: 'OpenCase',
      origins: [{ kind: 'referral', id: `YS-${caseId}` }],
      grounds: [tier === 'minor' ? 1 : 5],
      departments,
      summary: '移送线索',
      openedAt,
      alerts: [],
      rightsPeriodWorkingDays: 5,
      reviewPeriodWorkingDays: 20,
    });
    await run(caseId, {
      type: 'NamePerson',
      name: `${caseId}的承办人`,
      post: '科员',
      department: departments[0],
      responsibility: 'direct',
    });
    await run(caseId, { type: 'ConcludeInvestigation', facts: '查明', concludedAt: '2025-03-20T10:00:00+08:00' });
    await run(caseId, { type: 'NotifyRights', personId: 'P1', servedAt: '2025-03-21T10:00:00+08:00', calendar });
    await run(caseId, {
      type: 'DecidePerson',
      personId: 'P1',
      outcome: 'responsible',
      tier,
      measures: tier === 'minor' ? ['admonition'] : ['efficiency-warning'],
      reasoning: '理由',
      decidedAt: tier === 'minor' ? '2025-04-01T10:00:00+08:00' : '2025-04-08T10:00:00+08:00',
      calendar,
    });
    await run(caseId, { type: 'AddCaseNote', text: '内部意见' });
  }

  it('lists the cases by every filter, newest first, a department only those about it without notes', async () => {
    await decidedCase('PJ-1', ['YCJ'], '2025-03-10T09:00:00+08:00', 'minor');
    await decidedCase('PJ-2', ['ZFJ', 'YCJ'], '2025-03-12T09:00:00+08:00', 'serious');
    await runner.catchUp();
    const ids = async (
      filter: Parameters<CasesQueries['list']>[1],
      viewer: Parameters<CasesQueries['list']>[0] = ALL,
    ) => (await queries.list(viewer, filter, {})).items.map((item) => item.id);

    expect(await ids({})).toEqual(['PJ-2', 'PJ-1']);
    expect(await ids({ tier: 'minor' })).toEqual(['PJ-1']);
    expect(await ids({ ground: 5 })).toEqual(['PJ-2']);
    expect(await ids({ department: 'ZFJ' })).toEqual(['PJ-2']);
    expect(await ids({ person: 'PJ-1的承办人' })).toEqual(['PJ-1']);
    expect(await ids({ status: 'concluded', openedFrom: '2025-03-11', openedTo: '2025-03-12' })).toEqual(['PJ-2']);
    expect(await ids({ decidedFrom: '2025-04-02' })).toEqual(['PJ-2']);
    expect(await ids({ decidedTo: '2025-04-01' })).toEqual(['PJ-1']);
    expect(await ids({}, { kind: 'department', department: 'ZFJ' })).toEqual(['PJ-2']);
    const [forDepartment] = (await queries.list({ kind: 'department', department: 'ZFJ' }, {}, {})).items;
    expect(forDepartment).not.toHaveProperty('notes');
    expect((await queries.list(ALL, {}, {})).items[0].notes).toEqual([expect.objectContaining({ text: '内部意见' })]);

    const first = await queries.list(ALL, {}, { limit: 1 });
    expect(first.items.map((item) => item.id)).toEqual(['PJ-2']);
    const second = await queries.list(ALL, {}, { limit: 1, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'PJ-1' })], nextCursor: null });
    await expect(queries.list(ALL, {}, { cursor: 'nonsense' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('rebuilds the same rows from the log', async () => {
    const before = await db.dataSource.query('SELECT * FROM cases ORDER BY case_id');
    await runner.rebuild(projection);
    expect(await db.dataSource.query('SELECT * FROM cases ORDER BY case_id')).toEqual(before);
    expect(before).toHaveLength(2);
  });

  it('finds the streams of events cited as evidence, and ignores ids that are not in the log', async () => {
    const [opened] = await store.readStream(caseStreamId('PJ-1'), { toVersion: 1 });
    expect(
      await queries.streamsOfEvents([opened.eventId, opened.eventId.toUpperCase(), 'not-a-uuid', newEventId()]),
    ).toEqual({ [opened.eventId]: 'case-PJ-1', [opened.eventId.toUpperCase()]: 'case-PJ-1' });
  });
});
