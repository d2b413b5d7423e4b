import { newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projector';
import { CalendarProvider } from '../calendars/calendar-provider';
import { DashboardFactsProjection } from './dashboard-facts.projection';
import { Figure, DashboardQueries } from './dashboard.queries';

/**
 * The scripted month (March 2025, departments CG and SW): operations completed early, on the day of the
 * deadline and late, one still open past its deadline; alerts raised, answered and resolved; complaints replied in
 * and out of time; a rectification accepted in time and one overdue; a case decided as serious. Every figure is
 * compared with the count made by hand, for the month and as of the 15th, and each figure's items with the items
 * counted. Each event is recorded on the day it claims unless said otherwise, so that "as of" sees what was on
 * record by then.
 */
describe('dashboard figures over a scripted month', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let queries: DashboardQueries;
  let runner: ProjectionRunner;
  let projection: DashboardFactsProjection;
  let recordedAt = '2025-03-01T09:00:00+08:00';

  const append = async (streamId: string, type: string, data: Record<string, unknown>, at: string) => {
    recordedAt = at;
    await store.append({
      streamId,
      expectedVersion: 'any',
      events: [
        {
          eventId: newEventId(),
          type,
          data: { ...data, recordedAt: at },
          metadata: { actor: { id: 'script', role: 'supervisor' } },
        },
      ],
    });
  };
  const t = (day: string, hour = '10:00') => `2025-03-${day}T${hour}:00+08:00`;
  const NOT_LATE = { committed: false, legal: false };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource, { now: () => new Date(recordedAt) });
    const registered = (id: string, department: string, day: string) =>
      append(
        `operation-${id}`,
        'OperationRegistered',
        { id, department, powerCode: `${department}-XK-1`, acceptedAt: t(day, '09:00') },
        t(day, '09:00'),
      );
    const completed = (id: string, day: string, overdue: { committed: boolean; legal: boolean }) =>
      append(`operation-${id}`, 'OperationCompleted', { id, at: t(day), deadlines: {}, overdue }, t(day));
    const alert = (
      alertId: string,
      department: string,
      subject: { kind: string; id: string },
      ground: number,
      level: string,
      cause: string,
      day: string,
    ) =>
      append(
        `alert-${alertId}`,
        'AlertRaised',
        {
          alertId,
          ground,
          level,
          department,
          subject,
          cause,
          evidence: ['e'],
          message: 'm',
          raisedAt: t(day, '00:05'),
        },
        t(day, '00:05'),
      );

    // CG: early, on the deadline day, late (with its alert answered and resolved), and one open past its deadline.
    await registered('op1', 'CG', '03');
    await registered('op2', 'CG', '03');
    await registered('op3', 'CG', '04');
    await registered('op4', 'CG', '05');
    await completed('op1', '05', NOT_LATE);
    await completed('op2', '10', NOT_LATE);
    await alert('a-op4', 'CG', { kind: 'operation', id: 'op4' }, 10, 'red', 'committed-deadline-passed', '14');
    await alert('a-op3', 'CG', { kind: 'operation', id: 'op3' }, 7, 'red', 'committed-deadline-passed', '18');
    await append(
      'alert-a-op3',
      'AlertAnswered',
      { alertId: 'a-op3', explanation: '补正', by: 'k', department: 'CG', answeredAt: t('19') },
      t('19'),
    );
    await completed('op3', '20', { committed: true, legal: false });
    await append(
      'alert-a-op3',
      'AlertResolved',
      { alertId: 'a-op3', note: 'n', by: 'k', resolvedAt: t('21'), explained: true },
      t('21'),
    );
    // SW: on time, registered late.
    await registered('op5', 'SW', '06');
    await alert('a-op5', 'SW', { kind: 'operation', id: 'op5' }, 1, 'yellow', 'late-registration', '16');
    await completed('op5', '25', NOT_LATE);

    // Complaints: C1 about CG replied in time, substantiated; C2 about SW replied late, not substantiated.
    const complaint = (
      id: string,
      department: string,
      day: string,
      dueOn: string,
      repliedDay: string,
      result: string,
      satisfaction: string,
      closedDay: string,
    ) => [
      () =>
        append(
          `complaint-${id}`,
          'ComplaintReceived',
          {
            complaintId: id,
            channel: 'phone',
            receivedAt: t(day, '08:00'),
            about: { department },
            complainant: { disclosure: 'anonymous' },
            summary: 's',
            by: 'k',
          },
          t(day, '08:00'),
        ),
      () =>
        append(
          `complaint-${id}`,
          'ComplaintAssigned',
          {
            complaintId: id,
            department,
            round: 1,
            assignedOn: `2025-03-${day}`,
            replyWithinWorkingDays: 5,
            replyDueOn: dueOn,
            by: 'k',
          },
          t(day, '08:30'),
        ),
      () =>
        append(
          `complaint-${id}`,
          'ComplaintReplied',
          { complaintId: id, round: 1, reply: 'r', documents: [], repliedAt: t(repliedDay), by: 'k' },
          t(repliedDay),
        ),
      () =>
        append(`complaint-${id}`, 'ComplaintClosed', { complaintId: id, result, satisfaction, by: 'k' }, t(closedDay)),
    ];
    for (const step of complaint('C1', 'CG', '02', '2025-03-07', '05', 'substantiated', 'satisfied', '07'))
      await step();
    for (const step of complaint('C2', 'SW', '10', '2025-03-14', '20', 'not-substantiated', 'dissatisfied', '21'))
      await step();

    // A finding of CG corrected by a rectification accepted in time; an order to SW left overdue.
    await append(
      'finding-F1',
      'FindingRecorded',
      {
        findingId: 'F1',
        kind: 'slow-action',
        department: 'CG',
        source: { kind: 'own-initiative' },
        operations: ['op3'],
        powers: [],
        facts: 'f',
        evidence: [],
        ground: 1,
        foundOn: '2025-03-11',
        by: 'k',
      },
      t('11'),
    );
    await append(
      'rectification-R1',
      'RectificationOrdered',
      {
        rectificationId: 'R1',
        department: 'CG',
        source: { kind: 'finding', id: 'F1' },
        requirements: 'r',
        orderedOn: '2025-03-11',
        withinWorkingDays: 5,
        dueOn: '2025-03-18',
        by: 'k',
      },
      t('11'),
    );
    await append(
      'rectification-R1',
      'RectificationReported',
      { rectificationId: 'R1', reportNo: 1, actions: 'a', documents: [], reportedAt: t('14'), by: 'k' },
      t('14'),
    );
    await append(
      'rectification-R1',
      'RectificationReportAccepted',
      { rectificationId: 'R1', reportNo: 1, by: 'k' },
      t('16'),
    );
    await append(
      'rectification-R2',
      'RectificationOrdered',
      {
        rectificationId: 'R2',
        department: 'SW',
        source: { kind: 'alert', id: 'a-op5' },
        requirements: 'r',
        orderedOn: '2025-03-05',
        withinWorkingDays: 5,
        dueOn: '2025-03-12',
        by: 'k',
      },
      t('05'),
    );
    await alert('a-R2', 'SW', { kind: 'rectification', id: 'R2' }, 9, 'red', 'rectification-overdue', '13');

    // A case about CG, its person decided as serious on the 25th.
    await append(
      'case-AC1',
      'CaseOpened',
      {
        caseId: 'AC1',
        origins: [{ kind: 'finding', id: 'F1' }],
        grounds: [1],
        departments: ['CG'],
        summary: 's',
        openedAt: t('12'),
        alertIds: [],
        rightsPeriodWorkingDays: 5,
        reviewPeriodWorkingDays: 20,
      },
      t('12'),
    );
    await append(
      'case-AC1',
      'CasePersonNamed',
      { caseId: 'AC1', personId: 'P1', name: '王五', post: '科员', department: 'CG', responsibility: 'direct' },
      t('12'),
    );
    await append(
      'case-AC1',
      'CasePersonDecided',
      {
        caseId: 'AC1',
        personId: 'P1',
        outcome: 'responsible',
        tier: 'serious',
        measures: ['circulated-criticism'],
        reasoning: 'r',
        decidedAt: t('25'),
        rightsHeard: { statementIn: true, answerBy: null },
      },
      t('25'),
    );

    projection = new DashboardFactsProjection(new CalendarProvider(store));
    runner = new ProjectionRunner(db.dataSource, store, [projection]);
    await runner.catchUp();
    queries = new DashboardQueries(db.dataSource);
  });
  afterAll(() => db.drop());

  const MONTH = { from: '2025-03-01', to: '2025-03-31' };
  const values = (figures: Figure[]) => Object.fromEntries(figures.map((figure) => [figure.key, figure.value]));
  const itemsOf = async (key: string, scope: { from: string; to: string; asOf?: string; department?: string }) =>
    (await queries.items(key, scope, { limit: 100 })).items.map((item) => item.itemId).sort();

  it('counts the month as by hand', async () => {
    expect(values(await queries.figures(MONTH))).toMatchObject({
      'operations.registered': 5,
      'operations.completed': 4,
      'operations.completedOnTime': 3,
      'operations.completedLate': 1,
      'operations.overdue': 1,
      // 03-03→05: 2, 03-03→10: 5, 03-04→20: 12, 03-06→25: 13 working days.
      'operations.averageWorkingDays': 8,
      'operations.registeredLate': 1,
      'alerts.raised': 4,
      'alerts.red': 3,
      'alerts.yellow': 1,
      'alerts.ground7.red': 1,
      'alerts.ground9.red': 1,
      'alerts.ground10.red': 1,
      'alerts.ground1.yellow': 1,
      'alerts.open': 3,
      'alerts.answered': 1,
      'alerts.resolved': 1,
      'complaints.received': 2,
      'complaints.repliedInTime': 1,
      'complaints.repliedLate': 1,
      'complaints.closed': 2,
      'complaints.substantiated': 1,
      'complaints.satisfied': 1,
      'complaints.dissatisfied': 1,
      'findings.recorded': 1,
      'findings.slow-action': 1,
      'findings.corrected': 1,
      'rectifications.ordered': 2,
      'rectifications.completed': 1,
      'rectifications.acceptedInTime': 1,
      'rectifications.overdue': 1,
      'cases.opened': 1,
      'cases.decidedSerious': 1,
      'rates.correction': 100,
      'rates.rectification': 50,
      'rates.onTimeCompletion': 75,
      'rates.complaintsClosed': 100,
    });
  });

  it('counts what was on record by the end of the 15th, as by hand', async () => {
    expect(values(await queries.figures({ ...MONTH, asOf: '2025-03-15' }))).toMatchObject({
      'operations.registered': 5,
      'operations.completed': 2,
      'operations.completedOnTime': 2,
      'operations.completedLate': 0,
      'operations.overdue': 1,
      'operations.averageWorkingDays': 3.5,
      'operations.registeredLate': 0,
      'alerts.raised': 2,
      'alerts.red': 2,
      'alerts.open': 2,
      'alerts.answered': 0,
      'complaints.received': 2,
      'complaints.repliedInTime': 1,
      'complaints.repliedLate': 0,
      'complaints.closed': 1,
      'findings.corrected': 0,
      'rectifications.completed': 0,
      'rectifications.overdue': 1,
      'cases.opened': 1,
      'cases.decidedSerious': 0,
      'rates.correction': 0,
      'rates.rectification': 0,
    });
  });

  it('counts each department on its own', async () => {
    const byDepartment = await queries.figuresByDepartment(MONTH, ['CG', 'SW']);
    expect(values(byDepartment.get('CG')!)).toMatchObject({
      'operations.registered': 4,
      'operations.completedLate': 1,
      'operations.overdue': 1,
      'alerts.red': 2,
      'complaints.received': 1,
      'rates.rectification': 100,
    });
    expect(values(byDepartment.get('SW')!)).toMatchObject({
      'operations.registered': 1,
      'alerts.red': 1,
      'alerts.yellow': 1,
      'complaints.repliedLate': 1,
      'rectifications.overdue': 1,
      'rates.rectification': 0,
    });
    expect(values(await queries.figures({ ...MONTH, department: 'SW' }))).toEqual(values(byDepartment.get('SW')!));
  });

  it('lists exactly the items each figure counts', async () => {
    expect(await itemsOf('operations.completedOnTime', MONTH)).toEqual(['op1', 'op2', 'op5']);
    expect(await itemsOf('operations.overdue', MONTH)).toEqual(['op4']);
    expect(await itemsOf('operations.overdue', { ...MONTH, asOf: '2025-03-15' })).toEqual(['op4']);
    expect(await itemsOf('alerts.open', MONTH)).toEqual(['a-R2', 'a-op4', 'a-op5']);
    expect(await itemsOf('complaints.repliedLate', MONTH)).toEqual(['C2']);
    expect(await itemsOf('findings.corrected', MONTH)).toEqual(['F1']);
    expect(await itemsOf('findings.corrected', { ...MONTH, asOf: '2025-03-15' })).toEqual([]);
    expect(await itemsOf('rectifications.completed', MONTH)).toEqual(['R1']);
    expect(await itemsOf('cases.decidedSerious', MONTH)).toEqual(['AC1/P1']);
    expect(await itemsOf('operations.registered', { ...MONTH, department: 'CG' })).toEqual([
      'op1',
      'op2',
      'op3',
      'op4',
    ]);
    for (const figure of (await queries.figures(MONTH)).filter((f) => !f.key.startsWith('rates.'))) {
      if (figure.key === 'operations.averageWorkingDays' || figure.key === 'inspections.operationsSampled') continue;
      expect({ key: figure.key, items: (await itemsOf(figure.key, MONTH)).length }).toEqual({
        key: figure.key,
        items: figure.value,
      });
    }
  });

  it('counts a period of days in part of a month, and the counters agree with the facts', async () => {
    expect(values(await queries.figures({ from: '2025-03-04', to: '2025-03-10' }))).toMatchObject({
      'operations.registered': 3,
      'operations.completed': 2,
      'complaints.received': 1,
    });
    for (const scope of [MONTH, { from: '2025-02-20', to: '2025-03-12' }, { ...MONTH, department: 'CG' }]) {
      expect(values(await queries.figures(scope))).toEqual(
        values(await queries.figures({ ...scope, asOf: '2030-01-01' })),
      );
    }
  });

  it('gives each month of the period its own figures', async () => {
    const series = await queries.series({ from: '2025-02-01', to: '2025-03-31' });
    expect(series.map((month) => month.month)).toEqual(['2025-02', '2025-03']);
    expect(values(series[0].figures)['operations.registered']).toBe(0);
    expect(values(series[1].figures)['operations.registered']).toBe(5);
  });

  it('rebuilds from zero to the same facts', async () => {
    const facts = () => db.dataSource.query('SELECT * FROM dashboard_facts ORDER BY position, seq');
    const counts = () =>
      db.dataSource.query('SELECT * FROM dashboard_counts ORDER BY month, department, metric, dim1, dim2');
    const [beforeFacts, beforeCounts] = [await facts(), await counts()];
    await runner.rebuild(projection);
    expect(await facts()).toEqual(beforeFacts);
    expect(await counts()).toEqual(beforeCounts);
  });
});
