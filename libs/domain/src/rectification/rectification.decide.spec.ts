import { deciderSpec } from '@app/testing/decider-spec';
import { officialCalendar } from '../calendar/official-calendar';
import { rectificationDecider } from './rectification.decide';
import { detectRectificationAlerts } from './rectification.detector';
import { RectificationCommand, RectificationEvent, RectificationOrdered } from './rectification.types';

/** Rectification orders (责令限期整改): ordered with a deadline, reported, accepted or rejected; overdue is ground 9. */
const given = deciderSpec(rectificationDecider);
const calendar = officialCalendar();
const ID = 'ZG-2025-0001';
const SHA = 'a'.repeat(64);

const ordered: RectificationOrdered = {
  type: 'RectificationOrdered',
  data: {
    rectificationId: ID,
    department: 'CG',
    source: { kind: 'finding', id: 'F-1' },
    requirements: '十个工作日内完成积压案件办理',
    orderedOn: '2025-03-03',
    withinWorkingDays: 10,
    dueOn: '2025-03-17',
    by: 'k-jw',
    recordedAt: '2025-03-03T10:00:00+08:00',
  },
};
const report = (recordedAt = '2025-03-10T10:00:00+08:00', byDepartment = 'CG'): RectificationCommand => ({
  type: 'ReportRectification',
  rectificationId: ID,
  actions: '已全部办结',
  documents: [{ name: '整改报告.pdf', sha256: SHA }],
  reportedAt: recordedAt,
  by: 'k-cg',
  byDepartment,
  recordedAt,
});
const decide = (history: RectificationEvent[], command: RectificationCommand) =>
  rectificationDecider.decide(command, history.reduce(rectificationDecider.evolve, rectificationDecider.initialState));
const reject: RectificationCommand = {
  type: 'RejectRectificationReport',
  rectificationId: ID,
  reasons: '未附办结文书',
  by: 'k-jw',
  recordedAt: '2025-03-11T10:00:00+08:00',
};
const accept: RectificationCommand = {
  type: 'AcceptRectificationReport',
  rectificationId: ID,
  by: 'k-jw',
  recordedAt: '2025-03-12T10:00:00+08:00',
};

describe('rectification decider', () => {
  it('orders once; only the department ordered reports; reports are numbered', () => {
    const { by: _b, recordedAt: _r, ...fields } = ordered.data;
    given([])
      .when({ type: 'OrderRectification', ...fields, by: 'k-jw', recordedAt: ordered.data.recordedAt })
      .then([ordered]);
    given([ordered])
      .when({ type: 'OrderRectification', ...fields, by: 'k-jw', recordedAt: 'x' })
      .thenThrows('RECTIFICATION_EXISTS');
    given([ordered]).when(report(undefined, 'SW')).thenThrows('FORBIDDEN_DEPARTMENT');
    given([ordered])
      .when(report())
      .thenMatches([{ type: 'RectificationReported', data: { reportNo: 1 } }]);
    given([]).when(report()).thenThrows('RECTIFICATION_NOT_FOUND');
  });

  it('a rejected report sends the order back to the department; an accepted one closes it', () => {
    const reported = decide([ordered], report());
    const rejected = decide([ordered, ...reported], reject);
    expect(rejected).toMatchObject([{ type: 'RectificationReportRejected', data: { reportNo: 1 } }]);
    given([ordered, ...reported, ...rejected])
      .when(accept)
      .thenThrows('RECTIFICATION_STATUS');
    given([ordered, ...reported, ...rejected])
      .when(report('2025-03-12T10:00:00+08:00'))
      .thenMatches([{ type: 'RectificationReported', data: { reportNo: 2 } }]);
    given([ordered, ...reported])
      .when(accept)
      .thenMatches([{ type: 'RectificationReportAccepted', data: { reportNo: 1 } }]);
    given([ordered]).when(accept).thenThrows('RECTIFICATION_STATUS');
    given([ordered, ...reported])
      .when(report())
      .thenThrows('RECTIFICATION_STATUS');
  });
});

describe('rectification overdue: red card, ground 9', () => {
  const recorded = (events: RectificationEvent[]) =>
    events.map((event, i) => ({ eventId: `e${i + 1}`, event, recordedAt: event.data.recordedAt }));
  const AFTER = '2025-03-18T00:00:00+08:00';

  it('no report by the end of the last working day: red ground 9', () => {
    expect(detectRectificationAlerts(recorded([ordered]), '2025-03-17T20:00:00+08:00', calendar)).toEqual({
      facts: [],
      nextCheckAt: '2025-03-17T16:00:00.000Z',
    });
    expect(detectRectificationAlerts(recorded([ordered]), AFTER, calendar).facts).toEqual([
      expect.objectContaining({
        alertId: `rectification:${ID}:g9:rectification-overdue`,
        ground: 9,
        level: 'red',
        department: 'CG',
        subject: { kind: 'rectification', id: ID },
        evidence: ['e1'],
      }),
    ]);
  });

  it('a report rejected and no other in time: red ground 9, citing the rejection', () => {
    const reported = decide([ordered], report());
    const rejected = decide([ordered, ...reported], reject);
    const facts = detectRectificationAlerts(recorded([ordered, ...reported, ...rejected]), AFTER, calendar).facts;
    expect(facts).toHaveLength(1);
    expect(facts[0].evidence).toEqual(['e1', 'e3']);
  });

  it('a report on record in time holds the card back while it awaits decision; accepted, no card', () => {
    const reported = decide([ordered], report());
    expect(detectRectificationAlerts(recorded([ordered, ...reported]), AFTER, calendar).facts).toEqual([]);
    const accepted = decide([ordered, ...reported], accept);
    expect(detectRectificationAlerts(recorded([ordered, ...reported, ...accepted]), AFTER, calendar)).toEqual({
      facts: [],
      nextCheckAt: null,
    });
  });

  it('a report recorded after the deadline does not clear it, even accepted', () => {
    const reported = decide([ordered], report('2025-03-18T09:00:00+08:00'));
    const accepted = decide([ordered, ...reported], { ...accept, recordedAt: '2025-03-19T09:00:00+08:00' });
    expect(
      detectRectificationAlerts(recorded([ordered, ...reported, ...accepted]), AFTER, calendar).facts,
    ).toHaveLength(1);
  });
});
