import ExcelJS from 'exceljs';
import type { TestApp } from './support/create-test-app';
import { appWithLicensingPower } from './support/late-licence';

const LICENSING = 'YCJ-XK-0701';

interface FigureBody {
  key: string;
  label: string;
  value: number | null;
  link?: string;
}

/**
 * The dashboards and evaluations over HTTP: figures with links to their items, CSV and XLSX exports with Chinese
 * headers, scoping by role, and an evaluation that a late registration does not change until it is recomputed.
 */
describe('dashboards and evaluations', () => {
  let t: TestApp;
  let key: Record<string, string> = {};
  let position = 0;

  beforeAll(async () => {
    ({ t, key } = await appWithLicensingPower(LICENSING));
    position = await register('dash-1', '2025-03-03T09:00:00+08:00');
    const completed = await post('/v1/operations/dash-1/completion', { at: '2025-03-05T10:00:00+08:00' }, 'YCJ');
    expect(completed.status).toBe(201);
    position = completed.body.position as number;
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, who: string) =>
    t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key[who]}` })
      .send(body);
  const get = (path: string, who: string) =>
    t
      .http()
      .get(path)
      .set({ Authorization: `Bearer ${key[who]}` });
  async function register(id: string, acceptedAt: string): Promise<number> {
    const response = await post(
      '/v1/operations',
      {
        id,
        powerCode: LICENSING,
        caseNumber: `宁烟许〔2025〕7${id.slice(-1)}号`,
        counterparty: { kind: 'person', name: '陈小明' },
        handlers: [{ name: '王五', post: '专卖管理科科员' }],
        acceptedAt,
      },
      'YCJ',
    );
    expect(response.status).toBe(201);
    return response.body.position as number;
  }
  const figure = (figures: FigureBody[], name: string): FigureBody => figures.find((f) => f.key === name)!;

  /**
   * Waits until the detectors have raised the late registrations (every registration here is one: recorded now for
   * an acceptance in 2025) and the dashboards count every alert (the clock stands in March 2025, so every alert is
   * raised in March).
   */
  async function settled(after: number, registeredLate: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const alerts = (await get(`/v1/alerts?limit=500&minPosition=${after}`, 'supervisor')).body.items as unknown[];
      const overview = await get('/v1/dashboard/overview?period=2025-03', 'supervisor');
      const counted = (name: string) => figure(overview.body.figures, name).value;
      if (counted('operations.registeredLate') === registeredLate && counted('alerts.raised') === alerts.length) return;
    }
    throw new Error('the dashboards did not catch up with the alerts');
  }

  it('gives the overview of a month, each figure linked to exactly its items', async () => {
    const overview = await get(`/v1/dashboard/overview?period=2025-03&minPosition=${position}`, 'supervisor');
    expect(overview.status).toBe(200);
    expect(overview.body.scope).toMatchObject({ from: '2025-03-01', to: '2025-03-31', period: '2025-03' });
    const registered = figure(overview.body.figures, 'operations.registered');
    expect(registered).toMatchObject({ label: '登记重要权力运行事项', value: 1 });
    expect(figure(overview.body.figures, 'operations.completed').value).toBe(1);
    const items = await get(registered.link!, 'supervisor');
    expect(items.status).toBe(200);
    expect(items.body.items).toEqual([
      expect.objectContaining({
        itemKind: 'operation',
        itemId: 'dash-1',
        department: 'YCJ',
        href: '/v1/operations/dash-1',
      }),
    ]);
    // Every registered department is a row, with or without facts in the period.
    const rows = overview.body.departments as { department: string; figures: FigureBody[] }[];
    expect(rows.map((row) => row.department)).toEqual(['YCJ', 'ZFJ']);
    expect(figure(rows[0].figures, 'operations.registered').value).toBe(1);
    expect(figure(rows[1].figures, 'operations.registered').value).toBe(0);
    const correction = figure(overview.body.figures, 'rates.correction') as FigureBody & { numeratorLink: string };
    expect(correction).toMatchObject({ label: '查纠率', numerator: 0, denominator: 0, value: null });
    expect(correction.numeratorLink).toContain('figure=findings.corrected');

    const empty = await get('/v1/dashboard/overview?period=2025-02', 'investigator');
    expect(figure(empty.body.figures, 'operations.registered').value).toBe(0);
    const asOf = await get('/v1/dashboard/overview?period=2025-03&asOf=2025-03-31', 'supervisor');
    expect(figure(asOf.body.figures, 'operations.registered').value).toBe(0);
  });

  it('exports the overview as CSV and XLSX with Chinese headers', async () => {
    const csv = await get('/v1/dashboard/overview?period=2025-03&format=csv', 'supervisor');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('overview-2025-03-01_2025-03-31.csv');
    const text = csv.text.replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('指标,名称,数值');
    expect(text).toContain('operations.registered,登记重要权力运行事项,1');

    const xlsx = await get('/v1/dashboard/overview?period=2025-03&format=xlsx', 'supervisor')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['总览', '各部门']);
    expect(workbook.getWorksheet('各部门')!.getRow(1).getCell(1).value).toBe('部门');
    expect(workbook.getWorksheet('各部门')!.getRow(2).getCell(1).value).toBe('YCJ');
  });

  it('gives a department its own figures only, month by month', async () => {
    const own = await get('/v1/dashboard/departments/YCJ?period=2025-Q1', 'YCJ');
    expect(own.status).toBe(200);
    expect(figure(own.body.figures, 'operations.registered').value).toBe(1);
    expect((await get('/v1/dashboard/departments/ZFJ?period=2025-Q1', 'YCJ')).status).toBe(403);
    expect((await get('/v1/dashboard/overview', 'YCJ')).status).toBe(403);
    const series = await get('/v1/dashboard/series?period=2025', 'YCJ');
    expect(series.status).toBe(200);
    expect(series.body.months).toHaveLength(12);
    expect(figure(series.body.months[2].figures, 'operations.registered').value).toBe(1);
    expect((await get('/v1/dashboard/series?period=2025&department=ZFJ', 'YCJ')).status).toBe(403);
    const bad = await get('/v1/dashboard/overview?period=2025-13', 'supervisor');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('publishes an evaluation that a late registration does not change, until a recomputation says what changed', async () => {
    await settled(position, 1);
    const published = await post('/v1/evaluations', { period: '2025-03' }, 'supervisor');
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ evaluationId: '2025-03', version: 1, table: { version: 'jx-2025.1' } });
    const before = published.body.results.find((r: { department: string }) => r.department === 'YCJ');
    // ZFJ has nothing against it: 100 points, first; YCJ's late registration costs it points (a yellow card, a late
    // registration) once the detectors have raised it.
    expect(published.body.results.map((r: { department: string }) => r.department).sort()).toEqual(['YCJ', 'ZFJ']);

    // A registration for March recorded now, long after: a late registration (yellow, ground 1).
    const late = await register('dash-2', '2025-03-06T09:00:00+08:00');
    await get(`/v1/alerts?minPosition=${late}`, 'supervisor');
    const versions = await get('/v1/evaluations/2025-03', 'supervisor');
    expect(versions.body.versions).toHaveLength(1);
    expect(versions.body.versions[0].results).toEqual(published.body.results);

    // The detectors raise the late-registration alert asynchronously: recompute once the dashboards count it.
    await settled(late, 2);
    const recomputed = await post('/v1/evaluations', { period: '2025-03' }, 'supervisor');
    expect(recomputed.status).toBe(201);
    expect(recomputed.body.version).toBe(2);
    const after = recomputed.body.results.find((r: { department: string }) => r.department === 'YCJ');
    expect(after.score).toBeLessThan(before.score);
    expect(recomputed.body.changes).toEqual([
      { department: 'YCJ', before: before.score, after: after.score, rankBefore: before.rank, rankAfter: 2 },
    ]);
    const again = await post('/v1/evaluations', { period: '2025-03' }, 'supervisor');
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 422, code: 'EVALUATION_UNCHANGED' });

    const mine = await get(`/v1/evaluations?minPosition=${recomputed.body.position}`, 'YCJ');
    expect(mine.body.items.map((e: { version: number }) => e.version)).toEqual([2, 1]);
    expect(mine.body.items[0].results).toEqual([expect.objectContaining({ department: 'YCJ', rank: 2 })]);
    expect(mine.body.items[0].departments).toBe(2);
    const department = await get('/v1/dashboard/departments/YCJ?period=2025-03', 'YCJ');
    expect(department.body.evaluation).toMatchObject({ evaluationId: '2025-03', version: 2, rank: 2, of: 2 });

    const csv = await get('/v1/evaluations/2025-03?format=csv', 'supervisor');
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^排名,部门,得分,上期得分,变化,扣分：红牌/);
  });
});
