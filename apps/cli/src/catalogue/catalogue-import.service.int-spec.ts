import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Actor, departmentDecider, departmentStreamId, GrantPower, PowerGrantedData, powerDecider } from '@app/domain';
import { AppendRequest, handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projector';
import { DepartmentDirectoryService } from '@app/read-models';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { CATALOGUE_COLUMNS, readCatalogueCsv } from './catalogue-csv.reader';
import { CatalogueImportOptions, CatalogueImportService, grantEventId } from './catalogue-import.service';

const SAMPLE = join(__dirname, '../../../../samples/catalogue-seed.csv');
const NOW = new Date('2026-03-02T01:30:00.000Z');
const OPTIONS: CatalogueImportOptions = {
  actorId: 'cli:catalogue-import',
  correlationId: 'run-1',
  dryRun: false,
  batchSize: 200,
};

/** A valid row of a licensing power; tests give each their own codes instead of cleaning up. */
function row(code: string, cells: Record<string, string> = {}): Record<string, string> {
  return {
    code,
    name: `城市道路临时占用审批 ${code}`,
    category: '行政许可',
    department: 'CG',
    legal_basis: '《城市道路管理条例》|第三十一条',
    legal_days: '20',
    committed_days: '10',
    licensing_conditions: '占用期限不超过一年；有安全防护措施',
    approval_authority: '漳州市规范行政权力运行工作领导小组办公室',
    approval_document_no: '漳城管〔2010〕35号',
    approval_date: '2010-09-20',
    effective_from: '2010-10-11',
    ...cells,
  };
}

function sheet(rows: Record<string, string>[]): Buffer {
  const quote = (cell = '') => `"${cell.replace(/"/g, '""')}"`;
  const lines = rows.map((cells) => CATALOGUE_COLUMNS.map((column) => quote(cells[column])).join(','));
  return Buffer.from([CATALOGUE_COLUMNS.join(','), ...lines].join('\r\n'), 'utf8');
}

describe('CatalogueImportService', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let departments: DepartmentDirectoryService;
  let service: CatalogueImportService;

  const countEvents = async () =>
    Number((await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0].n);
  const stream = (code: string) => store.readStream(`power-${code}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    departments = new DepartmentDirectoryService(db.dataSource, store, new ProjectionRunner(db.dataSource, store, []), {
      minPositionWaitMs: 0,
    });
    service = new CatalogueImportService(store, departments, () => NOW);
    const admin: Actor = { id: 'ops-1', role: 'admin' };
    for (const [code, name] of [
      ['CG', '漳州市城市管理行政执法局'],
      ['YC', '漳州市烟草专卖局'],
    ]) {
      await handleCommand(
        store,
        departmentDecider,
        departmentStreamId(code),
        { type: 'RegisterDepartment', actor: admin, code, name, parentRegistered: false },
        { metadata: { actor: admin }, eventIds: (count) => Array.from({ length: count }, newEventId) },
      );
    }
  });
  afterAll(() => db.drop());

  describe('the sample sheet', () => {
    const rows = readCatalogueCsv(readFileSync(SAMPLE));

    it('is imported whole, in one transaction per batch, each row a PowerGranted with the run as metadata', async () => {
      const before = await countEvents();
      const progress: number[] = [];
      const report = await service.import(rows, { ...OPTIONS, batchSize: 10 }, (done) => progress.push(done));

      expect(report).toMatchObject({ dryRun: false, rowsRead: 23, imported: 23, alreadyImported: 0, rejected: [] });
      expect(report.warned).toEqual([{ row: 5, code: 'CG-XK-0004', warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'] }]);
      expect(progress).toEqual([10, 20, 23]);
      expect(await countEvents()).toBe(before + 23);
      const [transactions] = await db.dataSource.query<{ n: string }[]>(
        `SELECT count(DISTINCT transaction_id) AS n FROM events WHERE stream_id LIKE 'power-%'`,
      );
      expect(Number(transactions.n)).toBe(3);

      const [granted, ...more] = await stream('YC-CF-0001');
      expect(more).toEqual([]);
      const data = granted.data as PowerGrantedData;
      expect(granted).toMatchObject({
        type: 'PowerGranted',
        eventId: grantEventId(data),
        metadata: { actor: { id: 'cli:catalogue-import', role: 'reviewer' }, correlationId: 'run-1' },
        recordedAt: NOW.toISOString(),
      });
      expect(data).toMatchObject({
        code: 'YC-CF-0001',
        attributes: {
          name: '对无证运输烟草专卖品违法违规行为的处罚',
          category: 'penalty',
          department: 'YC',
          timeLimit: { legalDays: 90, committedDays: 60, unit: 'calendar' },
          important: true,
          classification: { classified: false },
          discretion: [{ level: 'lenient' }, { level: 'general' }, { level: 'severe', min: 20000, max: 25000 }],
        },
        approval: { documentNo: '漳烟专〔2010〕18号', date: '2010-09-28' },
        effectiveFrom: '2010-10-11',
        recordedAt: NOW.toISOString(),
      });
      const classified = (await stream('YC-JC-0002'))[0].data as PowerGrantedData;
      expect(classified.attributes.classification).toEqual({
        classified: true,
        reason: expect.stringContaining('举报人'),
      });
    });

    it('writes nothing when imported again, by anyone at any time: every row is already imported', async () => {
      const before = await countEvents();
      const later = new CatalogueImportService(store, departments, () => new Date('2027-01-01T00:00:00Z'));
      const report = await later.import(rows, { ...OPTIONS, actorId: 'someone-else', correlationId: 'run-2' });
      expect(report).toEqual({
        dryRun: false,
        rowsRead: 23,
        imported: 0,
        alreadyImported: 23,
        rejected: [],
        warned: [],
      });
      expect(await countEvents()).toBe(before);
    });
  });

  it('reports every bad row with its number, code and reasons by column, and imports the rest', async () => {
    const before = await countEvents();
    const content = sheet([
      row('BAD-0001'),
      row('BAD-0002', { legal_basis: '', approval_date: '2010-02-30' }),
      row('BAD-0003', { committed_days: '30' }),
      row('BAD-0004', { discretion: 'general:50-200:一般情节' }),
      row('BAD-0005', { department: 'ZZ' }),
      row('BAD-0001', { name: '重复的编码' }),
      row('BAD-0006', { category: '行政审批', legal_basis: '《城市道路管理条例》' }),
      row('BAD-0007', { classified: '是' }),
      row('BAD-0008', { department: 'YC' }),
    ]);
    const truncated = Buffer.concat([content, Buffer.from('\r\nBAD-0009,只有三个单元格,licensing', 'utf8')]);

    const report = await service.import(readCatalogueCsv(truncated), OPTIONS);

    expect(report.rejected).toEqual([
      {
        row: 3,
        code: 'BAD-0002',
        errors: {
          legal_basis: ['is required'],
          approval_date: ['must be a valid date YYYY-MM-DD'],
        },
      },
      { row: 4, code: 'BAD-0003', errors: { committed_days: ['must not exceed legalDays'] } },
      { row: 5, code: 'BAD-0004', errors: { discretion: ['allowed only when category is penalty'] } },
      { row: 6, code: 'BAD-0005', errors: { department: ['is not a registered department'] } },
      { row: 7, code: 'BAD-0001', errors: { code: ['repeats the code of row 2'] } },
      {
        row: 8,
        code: 'BAD-0006',
        errors: {
          category: [expect.stringMatching(/^must be one of the following values: licensing, penalty/)],
          'legal_basis[1].article': ['is required'],
        },
      },
      { row: 9, code: 'BAD-0007', errors: { classification_reason: ['is required when classified'] } },
      {
        row: 11,
        code: 'BAD-0009',
        errors: { row: [`has 3 cells where the header has ${CATALOGUE_COLUMNS.length}`] },
      },
    ]);
    expect(report).toMatchObject({ rowsRead: 10, imported: 2, alreadyImported: 0 });
    expect(await countEvents()).toBe(before + 2);
    expect(await stream('BAD-0001')).toHaveLength(1);
    expect(((await stream('BAD-0001'))[0].data as PowerGrantedData).attributes.name).toBe(
      '城市道路临时占用审批 BAD-0001',
    );
    expect(await stream('BAD-0008')).toHaveLength(1);
    expect(await stream('BAD-0002')).toEqual([]);
  });

  it('lists every reason of a rejected row at once, its unknown department among them', async () => {
    const report = await service.import(
      readCatalogueCsv(sheet([row('ALL-0001', { department: 'ZZ', legal_days: '' })])),
      OPTIONS,
    );
    expect(report.rejected).toEqual([
      {
        row: 2,
        code: 'ALL-0001',
        errors: { legal_days: ['is required'], department: ['is not a registered department'] },
      },
    ]);
  });

  it('rejects a row whose power exists with other content and skips one granted with the same content', async () => {
    const reviewer: Actor = { id: 'api-user', role: 'reviewer' };
    /** What `row(code)` says, granted through the decider as the API grants it: another actor, time and event id. */
    const grantThroughApi = (code: string, name = `城市道路临时占用审批 ${code}`) => {
      const command: GrantPower = {
        type: 'GrantPower',
        actor: reviewer,
        recordedAt: '2025-01-06T09:00:00+08:00',
        today: '2025-01-06',
        code,
        name,
        category: 'licensing',
        department: 'CG',
        legalBasis: [{ title: '《城市道路管理条例》', article: '第三十一条' }],
        timeLimit: { legalDays: 20, committedDays: 10 },
        licensingConditions: ['占用期限不超过一年', '有安全防护措施'],
        approval: {
          authority: '漳州市规范行政权力运行工作领导小组办公室',
          documentNo: '漳城管〔2010〕35号',
          date: '2010-09-20',
        },
        effectiveFrom: '2010-10-11',
      };
      return handleCommand(store, powerDecider, `power-${code}`, command, {
        metadata: { actor: reviewer },
        eventIds: (count) => Array.from({ length: count }, newEventId),
      });
    };
    await grantThroughApi('EXI-0001');
    await grantThroughApi('EXI-0002', '另一个名称');
    const before = await countEvents();

    const report = await service.import(
      readCatalogueCsv(sheet([row('EXI-0001'), row('EXI-0002'), row('EXI-0003')])),
      OPTIONS,
    );

    expect(report).toMatchObject({ imported: 1, alreadyImported: 1 });
    expect(report.rejected).toEqual([
      { row: 3, code: 'EXI-0002', errors: { code: ['exists with different content'] } },
    ]);
    expect(await countEvents()).toBe(before + 1);
    expect(((await stream('EXI-0002'))[0].data as PowerGrantedData).attributes.name).toBe('另一个名称');
  });

  it('writes nothing in a dry run, and reports what the real run then does', async () => {
    const rows = readCatalogueCsv(sheet([row('DRY-0001'), row('DRY-0002', { legal_days: '0' }), row('BAD-0001')]));
    const before = await countEvents();

    const dry = await service.import(rows, { ...OPTIONS, dryRun: true });
    expect(await countEvents()).toBe(before);
    const real = await service.import(rows, OPTIONS);

    const expected = {
      rowsRead: 3,
      imported: 1,
      alreadyImported: 1,
      rejected: [{ row: 3, code: 'DRY-0002', errors: { legal_days: ['must not be less than 1'] } }],
    };
    expect(dry).toMatchObject({ ...expected, dryRun: true });
    expect(real).toMatchObject({ ...expected, dryRun: false });
    expect(await countEvents()).toBe(before + 1);
  });

  it('rejects the rows of other departments under a department scope', async () => {
    const rows = readCatalogueCsv(sheet([row('SCO-0001'), row('SCO-0002', { department: 'YC' })]));
    const report = await service.import(rows, { ...OPTIONS, departmentScope: 'CG' });
    expect(report).toMatchObject({ imported: 1 });
    expect(report.rejected).toEqual([
      { row: 3, code: 'SCO-0002', errors: { department: ['is outside --department-scope CG'] } },
    ]);
    expect(await stream('SCO-0002')).toEqual([]);
  });

  /** The store, with a concurrent grant of `code` slipped in just before append number `raceAt`. */
  const racingStore = (code: string, raceAt: number) => {
    const appends: string[][] = [];
    const racing = {
      readStream: store.readStream.bind(store),
      readStreams: store.readStreams.bind(store),
      appendMany: async (requests: AppendRequest[]) => {
        appends.push(requests.map((request) => request.streamId));
        if (appends.length === raceAt) {
          await store.append({
            streamId: `power-${code}`,
            expectedVersion: 'no-stream',
            events: [{ eventId: newEventId(), type: 'PowerGranted', data: { code } }],
          });
        }
        return store.appendMany(requests);
      },
    };
    return { racing, appends };
  };

  it('loses only the row a concurrent grant took before the append: one read sorts its batch out', async () => {
    const { racing, appends } = racingStore('RACE-0002', 1);
    const rows = readCatalogueCsv(sheet(['RACE-0001', 'RACE-0002', 'RACE-0003', 'RACE-0004'].map((code) => row(code))));

    const report = await new CatalogueImportService(racing, departments, () => NOW).import(rows, {
      ...OPTIONS,
      batchSize: 3,
    });

    expect(report).toMatchObject({ imported: 3, alreadyImported: 0 });
    expect(report.rejected).toEqual([
      { row: 3, code: 'RACE-0002', errors: { code: ['exists with different content'] } },
    ]);
    expect(appends).toEqual([
      ['power-RACE-0001', 'power-RACE-0002', 'power-RACE-0003'],
      ['power-RACE-0001', 'power-RACE-0003'],
      ['power-RACE-0004'],
    ]);
    for (const code of ['RACE-0001', 'RACE-0003', 'RACE-0004']) expect(await stream(code)).toHaveLength(1);
  });

  it('goes row by row when a concurrent grant takes a row between that read and the second append', async () => {
    const { racing, appends } = racingStore('RERACE-0003', 2);
    const codes = ['RERACE-0001', 'RERACE-0002', 'RERACE-0003'];
    await service.import(readCatalogueCsv(sheet([row(codes[1])])), OPTIONS);

    const report = await new CatalogueImportService(racing, departments, () => NOW).import(
      readCatalogueCsv(sheet(codes.map((code) => row(code)))),
      OPTIONS,
    );

    expect(report).toMatchObject({ imported: 1, alreadyImported: 1 });
    expect(report.rejected).toEqual([
      { row: 4, code: 'RERACE-0003', errors: { code: ['exists with different content'] } },
    ]);
    expect(appends).toEqual([
      ['power-RERACE-0001', 'power-RERACE-0002', 'power-RERACE-0003'],
      ['power-RERACE-0001', 'power-RERACE-0003'],
      ['power-RERACE-0001'],
      ['power-RERACE-0003'],
    ]);
    expect(await stream('RERACE-0001')).toHaveLength(1);
  });

  it('writes each grant once when two runs import the same sheet at the same time', async () => {
    const rows = readCatalogueCsv(
      sheet(Array.from({ length: 30 }, (_, i) => row(`TWIN-${String(i).padStart(4, '0')}`))),
    );
    const before = await countEvents();

    const reports = await Promise.all([
      service.import(rows, { ...OPTIONS, batchSize: 7 }),
      service.import(rows, { ...OPTIONS, batchSize: 5 }),
    ]);

    expect(reports.map((report) => report.rejected)).toEqual([[], []]);
    expect(reports[0].imported + reports[1].imported).toBe(30);
    expect(reports[0].alreadyImported + reports[1].alreadyImported).toBe(30);
    expect(await countEvents()).toBe(before + 30);
  });
});
