import { Clock, SettableClock } from '@app/platform';
import { publishMissingCalendarYears, shanghaiYear } from './support/calendar-years';
import { createTestApp, TestApp } from './support/create-test-app';
import { grantPublishedPower } from './support/powers';

const PROBLEM_JSON = /^application\/problem\+json/;

/** YCJ's licensing power: 5 committed working days. */
const LICENSING = 'YCJ-XK-0101';
/**
 * Accepted Monday 2025-03-03: the committed deadline is the end of Monday 03-10, and a completion on 03-12 is past it,
 * a red ground-7 alert. Every other time below is a fixed date of 2025; only the recording times are real.
 */
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
const SHA = 'c'.repeat(64);

describe('accountability cases (责任追究)', () => {
  let t: TestApp;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ CLOCK: 'settable' });
    const clock = t.app.get(Clock);
    if (!(clock instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
    clock.set('2025-03-12T12:00:00+08:00');
    for (const role of ['reviewer', 'supervisor', 'investigator', 'admin'] as const) key[role] = await t.keyFor(role);
    key.YCJ = await t.keyFor('department', 'YCJ');
    key.ZFJ = await t.keyFor('department', 'ZFJ');
    const thisYear = shanghaiYear(Date.now());
    await publishMissingCalendarYears(t, key.admin, [thisYear, thisYear + 1]);
    await grantPublishedPower(t, key.reviewer, LICENSING, {
      name: '烟草专卖零售许可',
      category: 'licensing',
      discretion: undefined,
      licensingConditions: ['有固定的经营场所'],
    });
  });
  afterAll(() => t.close());

  const auth = (who?: string): Record<string, string> => (who ? { Authorization: `Bearer ${key[who]}` } : {});
  const post = (path: string, body: object, who = 'investigator', headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set({ ...auth(who), ...headers })
      .send(body);
  const get = (path: string, who = 'investigator') => t.http().get(path).set(auth(who));

  /** A licensing operation completed two days past its committed deadline, and its red ground-7 alert. */
  async function lateLicence() {
    const operationId = `e2e-case-${String((sequence += 1)).padStart(4, '0')}`;
    const registered = await post(
      '/v1/operations',
      {
        id: operationId,
        powerCode: LICENSING,
        caseNumber: `宁烟许〔2025〕${sequence}号`,
        counterparty: { kind: 'person', name: '陈小明' },
        handlers: [{ name: '王五', post: '专卖管理科科员' }],
        acceptedAt: ACCEPTED_AT,
      },
      'YCJ',
    );
    expect(registered.status).toBe(201);
    const completed = await post(
      `/v1/operations/${operationId}/completion`,
      { at: '2025-03-12T10:00:00+08:00' },
      'YCJ',
    );
    expect(completed.status).toBe(201);
    // Found by what it is rather than by its id, which is the detectors' to choose.
    const alerts = await get(`/v1/alerts?limit=500&minPosition=${completed.body.position}`, 'supervisor');
    type Listed = { id: string; ground: number; level: string; cause: string; subject: { id: string } };
    const alert = (alerts.body.items as Listed[]).find(
      (a) => a.subject.id === operationId && a.ground === 7 && a.level === 'red',
    );
    expect(alert).toBeDefined();
    const { id: alertId, cause } = alert!;
    const timeline = await get(`/v1/operations/${operationId}/timeline`);
    return { operationId, alertId, cause, registrationEventId: timeline.body.items[0].eventId };
  }

  function expectProblem(
    res: { status: number; headers: Record<string, string>; body: { code: string } },
    status: number,
    code: string,
  ) {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  }

  it('takes a red ground-7 alert through a case to closure, refusing what the rules refuse, and reconstructs it', async () => {
    const { operationId, alertId, cause, registrationEventId } = await lateLicence();
    const caseId = 'AC-2025-0001';
    const path = `/v1/cases/${caseId}`;

    const opened = await post('/v1/cases', {
      id: caseId,
      origins: [{ kind: 'alert', id: alertId }],
      grounds: [7],
      departments: ['YCJ'],
      summary: '烟草专卖零售许可超过承诺时限办结',
      openedAt: '2025-03-13T09:00:00+08:00',
    });
    expect(opened.status).toBe(201);
    expect(opened.headers.etag).toBe('"1"');
    expect(opened.body).toMatchObject({ streamId: `case-${caseId}`, id: caseId, version: 1, type: 'CaseOpened' });
    const linked = await get(
      `/v1/alerts/${encodeURIComponent(alertId)}?minPosition=${opened.body.position}`,
      'supervisor',
    );
    expect(linked.body).toMatchObject({
      status: 'open',
      cases: [caseId],
    });

    const evidence = await post(`${path}/evidence`, {
      description: '许可办理记录',
      documents: [{ name: '许可申请书.pdf', sha256: SHA }],
      events: [registrationEventId],
    });
    expect(evidence.body).toMatchObject({ evidenceId: 'E1', version: 2 });
    const person = await post(`${path}/persons`, {
      name: '王五',
      post: '专卖管理科科员',
      department: 'YCJ',
      responsibility: 'direct',
    });
    expect(person.body).toMatchObject({ personId: 'P1', type: 'CasePersonNamed' });
    expect((await post(`${path}/notes`, { text: '当事人承认延误' })).status).toBe(201);

    expectProblem(
      await post(`${path}/persons/P1/rights-notice`, { servedAt: '2025-03-21T10:00:00+08:00' }),
      422,
      'INVESTIGATION_NOT_CONCLUDED',
    );
    const concluded = await post(`${path}/investigation-conclusion`, {
      facts: '承办人未在承诺的5个工作日内办结许可申请，无正当理由',
      concludedAt: '2025-03-20T17:00:00+08:00',
    });
    expect(concluded.status).toBe(201);
    // Served Friday 03-21: five working days run to Friday 03-28.
    const notice = await post(`${path}/persons/P1/rights-notice`, { servedAt: '2025-03-21T10:00:00+08:00' });
    expect(notice.body).toMatchObject({ answerBy: '2025-03-28' });
    const version = notice.body.version as number;

    const decision = (fields: Record<string, unknown>) =>
      post(`${path}/persons/P1/decision`, {
        outcome: 'responsible',
        tier: 'serious',
        measures: ['circulated-criticism'],
        reasoning: '情节较重',
        decidedAt: '2025-03-31T10:00:00+08:00',
        ...fields,
      });
    const early = await decision({ decidedAt: '2025-03-22T10:00:00+08:00' });
    expectProblem(early, 422, 'RIGHTS_PERIOD_RUNNING');
    expect(early.body.detail).toMatch(/2025-03-28/);
    const outside = await decision({ tier: 'minor', measures: ['reassignment'] });
    expectProblem(outside, 422, 'MEASURE_OUTSIDE_TIER');
    expect((await get(path)).body.version).toBe(version);
    const decided = await decision({});
    expect(decided.status).toBe(201);
    expectProblem(await decision({}), 409, 'DECISION_EXISTS');

    expect(
      (
        await post(`${path}/persons/P1/reviews`, {
          kind: 'appeal',
          reason: '处理过重',
          requestedAt: '2025-04-02T10:00:00+08:00',
        })
      ).status,
    ).toBe(201);
    expectProblem(
      await post(`${path}/closure`, { summary: '结案', closedAt: '2025-04-15T10:00:00+08:00' }),
      422,
      'REVIEW_PENDING',
    );
    const modified = await post(`${path}/persons/P1/review-conclusion`, {
      result: 'modified',
      outcome: 'responsible',
      tier: 'minor',
      measures: ['admonition'],
      reasoning: '情节较轻，改为诫勉教育',
      concludedAt: '2025-04-10T10:00:00+08:00',
    });
    expect(modified.status).toBe(201);
    const closed = await post(`${path}/closure`, { summary: '已作出处理决定', closedAt: '2025-04-15T10:00:00+08:00' });
    expect(closed.body).toMatchObject({ type: 'CaseClosed' });
    expectProblem(await post(`${path}/notes`, { text: '结案后补充' }), 422, 'CASE_CLOSED');

    expect((await t.http().get('/v1/case-outcomes')).body.items).toEqual([]);
    const published = await post(`${path}/publication`, { channel: '局门户网站', publishedOn: '2025-04-16' });
    expect(published.status).toBe(201);
    const outcomes = await t.http().get(`/v1/case-outcomes?minPosition=${published.body.position}`);
    expect(outcomes.status).toBe(200);
    expect(outcomes.body.items).toEqual([
      {
        id: caseId,
        grounds: [{ ground: 7, label: '未按承诺时限办结' }],
        departments: ['YCJ'],
        closedAt: '2025-04-15T10:00:00+08:00',
        publication: { channel: '局门户网站', publishedOn: '2025-04-16' },
        persons: [
          {
            name: '王*',
            post: '专卖管理科科员',
            department: 'YCJ',
            responsibility: 'direct',
            tier: 'minor',
            measures: ['admonition'],
          },
        ],
        departmentDecisions: [],
      },
    ]);
    expect(JSON.stringify(outcomes.body)).not.toMatch(/王五|无正当理由|当事人承认延误/);
    expect((await t.http().get(path)).status).toBe(401);

    const alert = await get(
      `/v1/alerts/${encodeURIComponent(alertId)}?minPosition=${closed.body.position}`,
      'supervisor',
    );
    expect(alert.body).toMatchObject({ status: 'resolved', cases: [caseId] });
    expect(alert.body.notes).toContainEqual(
      expect.objectContaining({ kind: 'resolution', note: expect.stringContaining(caseId) }),
    );

    const state = await get(path);
    expect(state.status).toBe(200);
    expect(state.headers.etag).toBe(`"${published.body.version}"`);
    expect(state.body).toMatchObject({
      status: 'closed',
      publication: { channel: '局门户网站', publishedOn: '2025-04-16' },
      alerts: [alertId],
      rightsPeriodWorkingDays: 5,
      reviewPeriodWorkingDays: 20,
      notes: [{ text: '当事人承认延误' }],
      evidence: [
        { evidenceId: 'E1', events: [{ eventId: registrationEventId, streamId: `operation-${operationId}` }] },
      ],
      persons: [
        {
          personId: 'P1',
          responsibility: 'direct',
          notice: { servedOn: '2025-03-21', answerBy: '2025-03-28', periodWorkingDays: 5 },
          decision: { outcome: 'responsible', tier: 'minor', measures: ['admonition'], by: 'modified' },
          reviews: [{ kind: 'appeal', conclusion: { result: 'modified' } }],
        },
      ],
    });

    const reconstruction = await get(`${path}/reconstruction`);
    expect(reconstruction.status).toBe(200);
    const events = reconstruction.body.events as {
      position: number;
      streamId: string;
      type: string;
      recordedAt: string;
      claimedAt: string | null;
      actor?: { role: string };
    }[];
    const positions = events.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(events.filter((e) => e.streamId === `case-${caseId}`).map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseEvidenceAdded',
      'CasePersonNamed',
      'CaseNoteAdded',
      'CaseInvestigationConcluded',
      'CaseRightsNotified',
      'CasePersonDecided',
      'CaseReviewRequested',
      'CaseReviewConcluded',
      'CaseClosed',
      'CaseOutcomePublished',
    ]);
    expect(events.filter((e) => e.streamId === `alert-${alertId}`).map((e) => e.type)).toEqual([
      'AlertRaised',
      'AlertLinkedToCase',
      'AlertResolved',
    ]);
    const registration = events.find((e) => e.type === 'OperationRegistered')!;
    expect(registration).toMatchObject({
      streamId: `operation-${operationId}`,
      claimedAt: ACCEPTED_AT,
      actor: { role: 'department' },
    });
    expect(events.some((e) => e.type === 'PowerGranted' && e.streamId === `power-${LICENSING}`)).toBe(true);
    expect(reconstruction.body.operations).toEqual([
      expect.objectContaining({
        id: operationId,
        acceptedOn: '2025-03-03',
        power: expect.objectContaining({
          frozenAtRegistration: expect.objectContaining({ code: LICENSING, inForce: true }),
          asOfAcceptance: expect.objectContaining({ code: LICENSING, status: 'in-force' }),
          asRecordedAtRegistration: expect.objectContaining({ code: LICENSING, status: 'in-force' }),
        }),
        deadlines: expect.objectContaining({
          registered: expect.objectContaining({ committed: expect.stringMatching(/^2025-03-10/) }),
        }),
        calendar: expect.objectContaining({ years: [expect.objectContaining({ year: 2025 })] }),
      }),
    ]);
    expect(reconstruction.body.alerts).toEqual([
      expect.objectContaining({ id: alertId, ground: 7, level: 'red', rule: cause, status: 'resolved' }),
    ]);
    expect(reconstruction.body.alerts[0].evidence.length).toBeGreaterThan(0);
    expect(reconstruction.body.integrity.every((s: { intact: boolean }) => s.intact)).toBe(true);

    const forDepartment = await get(path, 'YCJ');
    expect(forDepartment.status).toBe(200);
    expect(forDepartment.body).not.toHaveProperty('notes');
    expectProblem(await get(path, 'ZFJ'), 404, 'CASE_NOT_FOUND');
    expect((await get(`${path}/reconstruction`, 'YCJ')).status).toBe(403);
    expect((await get(`${path}/access-log`, 'investigator')).status).toBe(403);

    const log = await get(`${path}/access-log?limit=500`, 'supervisor');
    expect(log.status).toBe(200);
    expect(
      (log.body.items as { what: string; by: { role: string; department?: string } }[]).map((item) => [
        item.what,
        item.by.role,
        item.by.department ?? null,
      ]),
    ).toEqual([
      ['case', 'investigator', null],
      ['case', 'investigator', null],
      ['reconstruction', 'investigator', null],
      ['case', 'department', 'YCJ'],
    ]);
  });

  it('shows, in the reconstruction, the stream whose stored bytes were changed as broken and the others intact', async () => {
    const { operationId, alertId, registrationEventId } = await lateLicence();
    const opened = await post('/v1/cases', {
      origins: [{ kind: 'alert', id: alertId }],
      grounds: [7],
      departments: ['YCJ'],
      summary: '核对登记信息',
      openedAt: '2025-03-13T09:00:00+08:00',
    });
    expect(opened.status).toBe(201);
    const path = `/v1/cases/${opened.body.id as string}/reconstruction`;
    const before = await get(path);
    expect(before.status).toBe(200);
    expect(before.body.integrity.every((s: { intact: boolean }) => s.intact)).toBe(true);

    // Below the application, as only the schema's owner can: the registration's case number edited in place.
    const owner = await t.db.owner();
    await owner.transaction(async (tx) => {
      await tx.query('ALTER TABLE events DISABLE TRIGGER events_no_update_delete');
      await tx.query(
        `UPDATE events SET data = jsonb_set(data::jsonb, '{caseNumber}', '"宁烟许〔2025〕999号"')::json WHERE event_id = $1`,
        [registrationEventId],
      );
      await tx.query('ALTER TABLE events ENABLE TRIGGER events_no_update_delete');
    });

    const after = await get(path);
    expect(after.status).toBe(200);
    const integrity = after.body.integrity as { streamId: string; eventsChecked: number; intact: boolean }[];
    expect(integrity.filter((s) => !s.intact)).toEqual([
      { streamId: `operation-${operationId}`, eventsChecked: 2, intact: false },
    ]);
    expect(integrity.length).toBe(before.body.integrity.length);
  });

  it('lets the person’s department submit a statement, after which a decision need not wait for the period', async () => {
    const path = '/v1/cases/AC-2025-0002';
    expect(
      (
        await post(
          '/v1/cases',
          {
            id: 'AC-2025-0002',
            origins: [{ kind: 'own-initiative' }],
            grounds: [10],
            departments: ['YCJ'],
            summary: '主动立案',
            openedAt: '2025-03-13T09:00:00+08:00',
          },
          'supervisor',
        )
      ).status,
    ).toBe(201);
    await post(`${path}/persons`, {
      name: '赵六',
      post: '科长',
      department: 'YCJ',
      responsibility: 'principal-leader',
    });
    await post(`${path}/investigation-conclusion`, { facts: '查明事实', concludedAt: '2025-03-20T17:00:00+08:00' });
    await post(`${path}/persons/P1/rights-notice`, { servedAt: '2025-03-21T10:00:00+08:00' });
    const statement = { kind: 'statement', text: '情况属实，已整改', receivedAt: '2025-03-24T10:00:00+08:00' };
    expectProblem(await post(`${path}/persons/P1/statements`, statement, 'ZFJ'), 404, 'CASE_NOT_FOUND');
    expect((await post(`${path}/persons/P1/statements`, statement, 'YCJ')).status).toBe(201);
    const decided = await post(`${path}/persons/P1/decision`, {
      outcome: 'responsible',
      tier: 'severe',
      measures: ['judicial-referral'],
      reasoning: '涉嫌犯罪',
      decidedAt: '2025-03-25T10:00:00+08:00',
    });
    expect(decided.status).toBe(201);
    const department = await post(`${path}/department-decisions`, {
      department: 'YCJ',
      measures: ['performance-deduction'],
      points: 2,
      reasoning: '部门监管不力',
      decidedAt: '2025-03-25T11:00:00+08:00',
    });
    expect(department.status).toBe(201);

    const list = (query: string, who = 'investigator') =>
      get(`/v1/cases?minPosition=${department.body.position}&${query}`, who);
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((item) => item.id);
    expect(ids(await list('tier=severe'))).toEqual(['AC-2025-0002']);
    expect(ids(await list('person=赵六&ground=10&decidedFrom=2025-03-25&decidedTo=2025-03-25'))).toEqual([
      'AC-2025-0002',
    ]);
    expect(ids(await list('decidedFrom=2025-03-26'))).not.toContain('AC-2025-0002');
    expect(ids(await list('status=concluded&openedFrom=2025-03-13&openedTo=2025-03-13'))).toContain('AC-2025-0002');
    expect(ids(await list('', 'ZFJ'))).toEqual([]);
    expect((await list('', 'YCJ')).body.items.every((item: object) => !('notes' in item))).toBe(true);
    expectProblem(await list('department=YCJ', 'ZFJ'), 403, 'FORBIDDEN_DEPARTMENT');
    expect((await list('', 'reviewer')).status).toBe(403);
  });

  it('replays an Idempotency-Key retry, refuses a stale If-Match, malformed bodies and alerts never raised', async () => {
    const body = {
      origins: [{ kind: 'complaint', id: 'TS-2025-7' }],
      grounds: [1],
      departments: ['YCJ'],
      summary: '投诉转立案',
      openedAt: '2025-03-13T09:00:00+08:00',
    };
    const first = await post('/v1/cases', body, 'investigator', { 'Idempotency-Key': 'case-open-1' });
    const retry = await post('/v1/cases', body, 'investigator', { 'Idempotency-Key': 'case-open-1' });
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const path = `/v1/cases/${first.body.id}`;
    expect((await post(`${path}/notes`, { text: '一' }, 'investigator', { 'If-Match': '"1"' })).status).toBe(201);
    expectProblem(
      await post(`${path}/notes`, { text: '二' }, 'investigator', { 'If-Match': '"1"' }),
      409,
      'VERSION_CONFLICT',
    );

    const invalid = await post('/v1/cases', { ...body, grounds: [11], departments: [], extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-type']).toMatch(PROBLEM_JSON);
    expectProblem(
      await post('/v1/cases', { ...body, origins: [{ kind: 'alert', id: 'op:none:g7:committed-deadline-passed' }] }),
      422,
      'ALERT_NOT_FOUND',
    );
    expectProblem(
      await post(`${path}/evidence`, { events: ['0190a1b2-0000-7000-8000-00000000dead', 'not-a-uuid'] }),
      422,
      'EVENT_NOT_FOUND',
    );
    expectProblem(await post('/v1/cases/AC-NONE/notes', { text: 'x' }), 404, 'CASE_NOT_FOUND');
    expect((await post('/v1/cases', body, 'YCJ')).status).toBe(403);
    expect((await t.http().get(path)).status).toBe(401);
  });

  it('labels the tiers and measures in /v1/meta/enums', async () => {
    const res = await t.http().get('/v1/meta/enums');
    expect(res.body.caseTier).toEqual([
      { value: 'minor', label: '情节较轻' },
      { value: 'serious', label: '情节较重' },
      { value: 'severe', label: '情节严重' },
    ]);
    expect(res.body.caseMeasure).toContainEqual({ value: 'judicial-referral', label: '移送司法机关' });
    expect(res.body.responsibility).toContainEqual({ value: 'direct', label: '直接责任者' });
  });
});
