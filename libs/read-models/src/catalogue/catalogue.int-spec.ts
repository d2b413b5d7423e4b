import {
  Actor,
  officialCalendar,
  PowerCommand,
  powerDecider,
  PowerEvent,
  powerView,
  RecordedPowerEvent,
  CatalogueViewer,
} from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projector';
import { CatalogueProjection } from './catalogue.projection';
import { CatalogueQueries } from './catalogue.queries';

const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const ALL: CatalogueViewer = { kind: 'all' };
const APPROVAL = { authority: '宁国市人民政府', documentNo: '宁政〔2023〕35号', date: '2023-12-20' };

/** A command without its context, which `run` supplies. */
type Bare<C> = C extends PowerCommand ? Omit<C, 'actor' | 'recordedAt' | 'today'> : never;

/** The store's clock: each command is recorded at the instant the test sets. */
let clock = new Date('2024-01-02T02:00:00Z');

describe('CatalogueProjection and CatalogueQueries', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let queries: CatalogueQueries;
  const projection = new CatalogueProjection();
  const now = new Date('2025-08-01T04:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource, { now: () => clock });
    runner = new ProjectionRunner(db.dataSource, store, [projection]);
    queries = new CatalogueQueries(db.dataSource, { publicationLimitWorkingDays: 20, calendar: officialCalendar });
  });
  afterAll(async () => db.drop());

  async function run(recordedAt: string, command: Bare<PowerCommand>, actor = REVIEWER) {
    clock = new Date(recordedAt);
    const full: PowerCommand = { ...command, actor, recordedAt, today: recordedAt.slice(0, 10) };
    await handleCommand(store, powerDecider, `power-${full.code}`, full, {
      metadata: { actor },
      eventIds: (n) => Array.from({ length: n }, newEventId),
    });
    await runner.catchUp();
  }

  const grant = (code: string, fields: Record<string, unknown> = {}) => ({
    type: 'GrantPower' as const,
    code,
    name: '户外广告设施设置审批',
    category: 'licensing' as const,
    department: 'CG',
    legalBasis: [{ title: '城市市容和环境卫生管理条例', article: '第十一条' }],
    timeLimit: { legalDays: 20, committedDays: 10 },
    approval: APPROVAL,
    effectiveFrom: '2024-01-01',
    ...fields,
  });

  async function recordedEvents(code: string): Promise<RecordedPowerEvent[]> {
    return (await store.readStream(`power-${code}`)).map((e) => ({
      event: { type: e.type, data: e.data } as PowerEvent,
      recordedAt: e.recordedAt,
      version: e.streamVersion,
    }));
  }

  describe('the acceptance scenario: a grant, a late change and a transfer', () => {
    const code = 'CG-XK-0001';
    const recorded = {
      grant: '2024-01-02T10:00:00+08:00',
      change: '2025-04-01T09:30:00+08:00',
      transfer: '2025-05-20T15:00:00+08:00',
    };

    beforeAll(async () => {
      await run(recorded.grant, grant(code));
      await run(recorded.change, {
        type: 'ChangePower',
        code,
        kind: 'amendment',
        changes: { timeLimit: { committedDays: 5 }, name: '户外广告设施设置许可' },
        reason: '压缩承诺时限',
        approval: { ...APPROVAL, documentNo: '宁规范〔2025〕3号', date: '2025-03-28' },
        effectiveFrom: '2025-01-01',
      });
      await run(recorded.transfer, {
        type: 'TransferPower',
        code,
        toDepartment: 'ZF',
        reason: '相对集中行政许可权改革',
        approval: { ...APPROVAL, documentNo: '宁政〔2025〕12号', date: '2025-05-18' },
        effectiveFrom: '2025-06-01',
      });
    });

    it('answers asOf from everything recorded', async () => {
      expect(await queries.get(code, ALL, { asOf: '2024-06-01' }, now)).toMatchObject({
        name: '户外广告设施设置审批',
        timeLimit: { committedDays: 10 },
        department: 'CG',
        status: 'in-force',
        version: 3,
      });
      expect(await queries.get(code, ALL, { asOf: '2025-03-01' }, now)).toMatchObject({
        name: '户外广告设施设置许可',
        timeLimit: { committedDays: 5 },
        department: 'CG',
      });
      expect(await queries.get(code, ALL, { asOf: '2025-07-01' }, now)).toMatchObject({
        name: '户外广告设施设置许可',
        department: 'ZF',
      });
      expect(await queries.get(code, ALL, { asOf: '2023-12-31' }, now)).toMatchObject({ status: 'not-yet-in-force' });
    });

    it('answers knownAt as the catalogue stood then', async () => {
      await expect(queries.get(code, ALL, { knownAt: '2024-01-02T09:59:59+08:00' }, now)).rejects.toMatchObject({
        code: 'POWER_NOT_FOUND',
      });
      const beforeChange = { asOf: '2025-03-01', knownAt: '2025-04-01T09:29:59+08:00' };
      expect(await queries.get(code, ALL, beforeChange, now)).toMatchObject({
        name: '户外广告设施设置审批',
        version: 1,
        knownAt: beforeChange.knownAt,
      });
      expect(await queries.get(code, ALL, { ...beforeChange, knownAt: recorded.change }, now)).toMatchObject({
        name: '户外广告设施设置许可',
        version: 2,
      });
      const beforeTransfer = { asOf: '2025-07-01', knownAt: '2025-05-20T14:59:59+08:00' };
      expect(await queries.get(code, ALL, beforeTransfer, now)).toMatchObject({ department: 'CG', version: 2 });
      expect(await queries.get(code, ALL, { ...beforeTransfer, knownAt: recorded.transfer }, now)).toMatchObject({
        department: 'ZF',
        version: 3,
      });
    });

    it('agrees with the domain view for every pair of date and instant', async () => {
      const events = await recordedEvents(code);
      const days = ['2023-12-31', '2024-01-01', '2024-06-01', '2025-01-01', '2025-03-01', '2025-05-31', '2025-07-01'];
      const instants = [
        undefined,
        '2024-01-02T09:00:00+08:00',
        '2024-06-01T00:00:00+08:00',
        '2025-04-01T09:30:00+08:00',
        '2025-05-01T00:00:00+08:00',
        '2025-06-01T00:00:00+08:00',
      ];
      for (const asOf of days) {
        for (const knownAt of instants) {
          const expected = powerView(events, { asOf, knownAt }, '2025-08-01');
          const actual = await queries.get(code, ALL, { asOf, knownAt }, now).catch(() => undefined);
          if (!expected) expect(actual).toBeUndefined();
          else
            expect(actual).toMatchObject({
              ...expected.attributes,
              status: expected.status,
              version: expected.version,
              warnings: expected.warnings,
            });
        }
      }
    });

    it('lists by the department holding the power on the date asked about', async () => {
      const codes = async (department: string, asOf: string, knownAt?: string) =>
        (await queries.list(ALL, { department }, { asOf, knownAt }, {}, now)).items.map((p) => p.code);
      expect(await codes('CG', '2025-03-01')).toContain(code);
      expect(await codes('ZF', '2025-03-01')).not.toContain(code);
      expect(await codes('ZF', '2025-07-01')).toContain(code);
      expect(await codes('ZF', '2025-07-01', '2025-05-01T00:00:00+08:00')).not.toContain(code);
    });
  });

  describe('filters, search, visibility and pages', () => {
    const recordedAt = '2025-02-10T10:00:00+08:00';

    beforeAll(async () => {
      await run(
        recordedAt,
        grant('YC-CF-0001', {
          name: '对无准运证运输烟草专卖品的处罚',
          category: 'penalty',
          department: 'YCJ',
          important: true,
          legalBasis: [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条' }],
        }),
      );
      await run(
        recordedAt,
        grant('YC-CF-0002', {
          name: '对销售无标志外国卷烟的处罚',
          category: 'penalty',
          department: 'YCJ',
          legalBasis: [{ title: '烟草专卖法', article: '第三十六条', text: '准运证以外的其他违法情形' }],
        }),
      );
      await run(
        recordedAt,
        grant('YC-NB-0001', {
          name: '科级干部选拔任用',
          category: 'internal-management',
          department: 'YCJ',
          classification: { classified: true, reason: '干部人事信息' },
        }),
      );
      await run('2025-02-11T10:00:00+08:00', {
        type: 'PublishPower',
        code: 'YC-CF-0001',
        channel: '政府门户网站',
        publishedOn: '2025-02-11',
      });
    });

    const codes = async (viewer: CatalogueViewer, filter = {}) =>
      (await queries.list(viewer, filter, {}, {}, now)).items.map((p) => p.code);

    it('searches Chinese text in names and legal bases', async () => {
      expect(await codes(ALL, { q: '烟草' })).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes(ALL, { q: '准运证' })).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes(ALL, { q: '外国卷烟' })).toEqual(['YC-CF-0002']);
      expect(await codes(ALL, { q: '100%' })).toEqual([]);
    });

    it('filters by category, status and importance', async () => {
      expect(await codes(ALL, { department: 'YCJ', category: 'penalty' })).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes(ALL, { department: 'YCJ', important: true })).toEqual(['YC-CF-0001']);
      expect(await codes(ALL, { department: 'YCJ', status: 'cancelled' })).toEqual([]);
      const notYet = await queries.list(
        ALL,
        { department: 'YCJ', status: 'not-yet-in-force' },
        { asOf: '2023-01-01' },
        {},
        now,
      );
      expect(notYet.items.map((p) => p.code)).toEqual(['YC-CF-0001', 'YC-CF-0002', 'YC-NB-0001']);
    });

    it('shows the public only what was disclosed and is not classified', async () => {
      expect(await codes({ kind: 'public' }, { department: 'YCJ' })).toEqual(['YC-CF-0001']);
      expect(await codes({ kind: 'unclassified' }, { department: 'YCJ' })).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes({ kind: 'department', department: 'YCJ' }, { department: 'YCJ' })).toHaveLength(3);
      expect(await codes({ kind: 'department', department: 'CG' }, { department: 'YCJ' })).toHaveLength(2);
      await expect(queries.get('YC-NB-0001', { kind: 'public' }, {}, now)).rejects.toMatchObject({
        code: 'POWER_NOT_FOUND',
      });
    });

    it('pages by code with an opaque cursor', async () => {
      const first = await queries.list(ALL, { department: 'YCJ' }, {}, { limit: 2 }, now);
      expect(first.items.map((p) => p.code)).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      const second = await queries.list(ALL, { department: 'YCJ' }, {}, { limit: 2, cursor: first.nextCursor! }, now);
      expect(second).toMatchObject({ items: [{ code: 'YC-NB-0001' }], nextCursor: null });
      await expect(queries.list(ALL, {}, {}, { cursor: 'not-a-cursor' }, now)).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    });

    it('computes the publication duty on the official calendar', async () => {
      // Recorded on Monday 10 February 2025: 20 working days later is Monday 10 March.
      expect((await queries.get('YC-CF-0002', ALL, {}, now)).publication).toEqual({
        lastPublishedOn: null,
        dueBy: '2025-03-10',
        overdue: true,
      });
      expect(
        (await queries.get('YC-CF-0002', ALL, { knownAt: '2025-03-10T12:00:00+08:00' }, now)).publication,
      ).toMatchObject({ dueBy: '2025-03-10', overdue: false });
      expect((await queries.get('YC-CF-0001', ALL, {}, now)).publication).toEqual({
        lastPublishedOn: '2025-02-11',
        channel: '政府门户网站',
        dueBy: null,
        overdue: false,
      });
    });
  });

  describe('review: proposals, approvals and rejections', () => {
    const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
    const recorded = {
      proposal: '2025-03-03T09:00:00+08:00',
      approval: '2025-03-10T15:00:00+08:00',
      rejected: '2025-03-04T09:00:00+08:00',
      rejection: '2025-03-05T09:00:00+08:00',
    };
    const REVIEW_APPROVAL = { authority: '宁国市法制办', documentNo: '宁法审〔2025〕7号', date: '2025-03-09' };

    beforeAll(async () => {
      await run(recorded.proposal, grant('CG-XK-0101', { effectiveFrom: '2025-03-01' }), CG);
      await run(recorded.approval, {
        type: 'ApprovePowerProposal',
        code: 'CG-XK-0101',
        proposalId: 1,
        approval: REVIEW_APPROVAL,
      });
      await run(recorded.rejected, grant('CG-XK-0102'), CG);
      await run(recorded.rejection, {
        type: 'RejectPowerProposal',
        code: 'CG-XK-0102',
        proposalId: 1,
        reasons: ['缺少法律依据的有效条款'],
      });
    });

    it('puts an approved grant in force from its proposed date, known from the approval on', async () => {
      expect(await queries.get('CG-XK-0101', ALL, { asOf: '2025-03-01' }, now)).toMatchObject({
        status: 'in-force',
        effectiveFrom: '2025-03-01',
        version: 2,
        proposals: [
          {
            id: 1,
            fact: 'PowerGranted',
            department: 'CG',
            effectiveFrom: '2025-03-01',
            status: 'approved',
            proposedAt: new Date(recorded.proposal).toISOString(),
            decidedAt: new Date(recorded.approval).toISOString(),
          },
        ],
      });
      await expect(queries.get('CG-XK-0101', ALL, { knownAt: '2025-03-10T14:59:59+08:00' }, now)).rejects.toMatchObject(
        { code: 'POWER_NOT_FOUND' },
      );
    });

    it('never puts a rejected proposal in the catalogue', async () => {
      await expect(queries.get('CG-XK-0102', ALL, {}, now)).rejects.toMatchObject({ code: 'POWER_NOT_FOUND' });
      expect((await queries.list(ALL, { department: 'CG' }, {}, {}, now)).items.map((p) => p.code)).not.toContain(
        'CG-XK-0102',
      );
    });

    it('lists the proposals with their review as recorded at an instant', async () => {
      const all = await queries.proposals({ kind: 'all' }, { department: 'CG' }, {}, {});
      expect(all.items).toMatchObject([
        {
          code: 'CG-XK-0101',
          id: 1,
          status: 'approved',
          fact: { type: 'PowerGranted', data: { effectiveFrom: '2025-03-01' } },
          proposedBy: CG,
          decidedBy: REVIEWER,
          factVersion: 2,
          approval: REVIEW_APPROVAL,
        },
        { code: 'CG-XK-0102', id: 1, status: 'rejected', reasons: ['缺少法律依据的有效条款'] },
      ]);
      const before = await queries.proposals({ kind: 'all' }, {}, { knownAt: '2025-03-04T12:00:00+08:00' }, {});
      expect(before.items).toEqual([
        expect.not.objectContaining({ decidedAt: expect.anything() }),
        expect.objectContaining({ code: 'CG-XK-0102', status: 'pending' }),
      ]);
      expect(before.items[0]).toMatchObject({ code: 'CG-XK-0101', status: 'pending' });
      const pending = await queries.proposals({ kind: 'all' }, { status: 'pending' }, {}, {});
      expect(pending.items).toEqual([]);
    });

    it('shows a department its own proposals only, page by page', async () => {
      const own = await queries.proposals({ kind: 'department', department: 'CG' }, {}, {}, { limit: 1 });
      expect(own.items.map((p) => p.code)).toEqual(['CG-XK-0101']);
      const next = await queries.proposals(
        { kind: 'department', department: 'CG' },
        {},
        {},
        { cursor: own.nextCursor! },
      );
      expect(next).toMatchObject({ items: [{ code: 'CG-XK-0102' }], nextCursor: null });
      expect((await queries.proposals({ kind: 'department', department: 'ZF' }, {}, {}, {})).items).toEqual([]);
      await expect(queries.proposals({ kind: 'all' }, {}, {}, { cursor: 'eyJhZnRlciI6IngifQ' })).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    });
  });

  describe('the public face: the last published version, nothing classified now', () => {
    const PUBLIC: CatalogueViewer = { kind: 'public' };

    beforeAll(async () => {
      await run('2025-04-01T10:00:00+08:00', grant('CG-XK-0201', { name: '公开的名称' }));
      await run('2025-04-02T10:00:00+08:00', {
        type: 'PublishPower',
        code: 'CG-XK-0201',
        channel: '政府门户网站',
        publishedOn: '2025-04-02',
      });
      await run('2025-04-03T10:00:00+08:00', {
        type: 'ChangePower',
        code: 'CG-XK-0201',
        kind: 'amendment',
        changes: { name: '尚未公开的名称' },
        reason: '调整',
        approval: APPROVAL,
        effectiveFrom: '2025-04-03',
      });
      await run('2025-04-01T10:00:00+08:00', grant('CG-XK-0202'));
      await run('2025-04-02T10:00:00+08:00', {
        type: 'PublishPower',
        code: 'CG-XK-0202',
        channel: '政府门户网站',
        publishedOn: '2025-04-02',
      });
      await run('2025-06-01T10:00:00+08:00', {
        type: 'ChangePower',
        code: 'CG-XK-0202',
        kind: 'amendment',
        changes: { classification: { classified: true, reason: '涉及国家秘密' } },
        reason: '定密',
        approval: APPROVAL,
        effectiveFrom: '2025-06-01',
      });
    });

    it('shows the public the last published version, not an amendment recorded since', async () => {
      expect(await queries.get('CG-XK-0201', PUBLIC, {}, now)).toMatchObject({ name: '公开的名称', version: 2 });
      expect(await queries.get('CG-XK-0201', ALL, {}, now)).toMatchObject({ name: '尚未公开的名称', version: 3 });
      expect((await queries.get('CG-XK-0201', PUBLIC, {}, now)).proposals).toBeUndefined();
      await run('2025-04-20T10:00:00+08:00', {
        type: 'PublishPower',
        code: 'CG-XK-0201',
        channel: '政府门户网站',
        publishedOn: '2025-04-20',
      });
      expect(await queries.get('CG-XK-0201', PUBLIC, {}, now)).toMatchObject({ name: '尚未公开的名称', version: 4 });
      expect(
        await queries.get('CG-XK-0201', PUBLIC, { knownAt: '2025-04-10T00:00:00+08:00', asOf: '2025-04-05' }, now),
      ).toMatchObject({ name: '公开的名称' });
    });

    it('shows the public nothing of a power classified now, whatever the date or instant asked about', async () => {
      for (const at of [{}, { asOf: '2025-05-01' }, { knownAt: '2025-05-01T00:00:00+08:00' }]) {
        await expect(queries.get('CG-XK-0202', PUBLIC, at, now)).rejects.toMatchObject({ code: 'POWER_NOT_FOUND' });
        expect((await queries.list(PUBLIC, {}, at, {}, now)).items.map((p) => p.code)).not.toContain('CG-XK-0202');
      }
      expect(await queries.get('CG-XK-0202', ALL, { asOf: '2025-05-01' }, now)).toMatchObject({ status: 'in-force' });
    });
  });

  it('rebuilds into the same rows', async () => {
    const columns = `code, valid_from, valid_to, recorded_from, recorded_to, version, status, department, category, name,
      important, classified, legal_basis_text, effective_from, published_ever, last_published_on, publication,
      warnings, attributes`;
    const snapshot = async (): Promise<unknown[][]> => [
      await db.dataSource.query<unknown[]>(
        `SELECT ${columns} FROM catalogue_power_versions ORDER BY code, recorded_from, valid_from NULLS FIRST`,
      ),
      await db.dataSource.query<unknown[]>(
        `SELECT ${columns} FROM catalogue_public_versions ORDER BY code, recorded_from, valid_from NULLS FIRST`,
      ),
      await db.dataSource.query<unknown[]>('SELECT * FROM catalogue_power_proposals ORDER BY code, proposal_id'),
    ];
    const before = await snapshot();
    expect(before[2]).toHaveLength(2);
    expect(before[0].length).toBeGreaterThan(3);
    expect(before[1].length).toBeGreaterThan(1);
    await runner.rebuild(projection);
    expect(await snapshot()).toEqual(before);
  });
});
