import { deciderSpec } from '@app/testing/decider-spec';
import { officialCalendar } from '../calendar/official-calendar';
import { assertComplaintSupportsFindings, complaintDecider } from './complaint.decide';
import { detectComplaintAlerts } from './complaint.detector';
import {
  ComplaintAssigned,
  ComplaintCommand,
  ComplaintEvent,
  ComplaintReceived,
  ComplaintReplied,
} from './complaint.types';

/** Complaints (投诉举报): received, assigned with a reply deadline, replied, closed, reopened; "件件有回复". */
const given = deciderSpec(complaintDecider);
const calendar = officialCalendar();
const ID = 'TS-2025-0001';
const stamp = { by: 'k-jw', recordedAt: '2025-03-03T09:00:00+08:00' };

const received: ComplaintReceived = {
  type: 'ComplaintReceived',
  data: {
    complaintId: ID,
    channel: 'phone',
    receivedAt: '2025-03-03T08:30:00+08:00',
    about: { department: 'CG', operationId: 'OP-1' },
    complainant: { disclosure: 'confidential', name: '张三', contact: '13800000000' },
    summary: '申请材料齐全仍未受理',
    ...stamp,
  },
};
const { complaintId: _id, by: _by, recordedAt: _at, ...receivedFields } = received.data;
const receive = (
  overrides: Partial<Extract<ComplaintCommand, { type: 'ReceiveComplaint' }>> = {},
): ComplaintCommand => ({
  type: 'ReceiveComplaint',
  complaintId: ID,
  ...receivedFields,
  ...stamp,
  ...overrides,
});
const assigned: ComplaintAssigned = {
  type: 'ComplaintAssigned',
  data: {
    complaintId: ID,
    department: 'CG',
    round: 1,
    assignedOn: '2025-03-03',
    replyWithinWorkingDays: 10,
    replyDueOn: '2025-03-17',
    by: 'k-jw',
    recordedAt: '2025-03-03T10:00:00+08:00',
  },
};
const reply = (overrides: Partial<Extract<ComplaintCommand, { type: 'ReplyToComplaint' }>> = {}): ComplaintCommand => ({
  type: 'ReplyToComplaint',
  complaintId: ID,
  reply: '已受理并办结',
  documents: [],
  repliedAt: '2025-03-10T10:00:00+08:00',
  by: 'k-cg',
  byDepartment: 'CG',
  recordedAt: '2025-03-10T11:00:00+08:00',
  ...overrides,
});
const replied = (recordedAt = '2025-03-10T11:00:00+08:00', round = 1): ComplaintReplied => ({
  type: 'ComplaintReplied',
  data: {
    complaintId: ID,
    round,
    reply: '已受理并办结',
    documents: [],
    repliedAt: '2025-03-10T10:00:00+08:00',
    by: 'k-cg',
    recordedAt,
  },
});
const close: ComplaintCommand = {
  type: 'CloseComplaint',
  complaintId: ID,
  result: 'substantiated',
  satisfaction: 'dissatisfied',
  by: 'k-jw',
  recordedAt: '2025-03-12T09:00:00+08:00',
};

describe('complaint decider', () => {
  it('receives a complaint once', () => {
    given([]).when(receive()).then([received]);
    given([received]).when(receive()).thenThrows('COMPLAINT_EXISTS');
  });

  it('an anonymous complaint carries no name or contact; a named or confidential one names the complainant', () => {
    given([])
      .when(receive({ complainant: { disclosure: 'anonymous', contact: '138' } }))
      .thenThrows('COMPLAINANT_INCONSISTENT');
    given([])
      .when(receive({ complainant: { disclosure: 'named' } }))
      .thenThrows('COMPLAINANT_INCONSISTENT');
    given([])
      .when(receive({ complainant: { disclosure: 'anonymous' } }))
      .thenMatches([{ type: 'ComplaintReceived', data: { complainant: { disclosure: 'anonymous' } } }]);
  });

  it('assigns it once, with the deadline recorded on the complaint', () => {
    const { complaintId: _c, round: _r, by: _b, recordedAt, ...fields } = assigned.data;
    const assign: ComplaintCommand = { type: 'AssignComplaint', complaintId: ID, ...fields, by: 'k-jw', recordedAt };
    given([received]).when(assign).then([assigned]);
    given([received, assigned]).when(assign).thenThrows('COMPLAINT_STATUS');
    given([]).when(assign).thenThrows('COMPLAINT_NOT_FOUND');
  });

  it('only the department it is assigned to replies, after the assignment', () => {
    given([received]).when(reply()).thenThrows('COMPLAINT_STATUS');
    given([received, assigned])
      .when(reply({ byDepartment: 'SW' }))
      .thenThrows('FORBIDDEN_DEPARTMENT');
    given([received, assigned])
      .when(reply({ repliedAt: '2025-03-02T10:00:00+08:00' }))
      .thenThrows('AT_OUT_OF_ORDER');
    given([received, assigned]).when(reply()).then([replied()]);
  });

  it('closes only a replied complaint, and reopens it as a new round with a new deadline', () => {
    given([received, assigned]).when(close).thenThrows('COMPLAINT_STATUS');
    const closed = given([received, assigned, replied()]).when(close);
    const [closedEvent] = closed.thenMatches([{ type: 'ComplaintClosed', data: { result: 'substantiated' } }]);
    const reopen: ComplaintCommand = {
      type: 'ReopenComplaint',
      complaintId: ID,
      reason: '投诉人对答复不满意',
      assignedOn: '2025-03-13',
      replyWithinWorkingDays: 10,
      replyDueOn: '2025-03-27',
      by: 'k-jw',
      recordedAt: '2025-03-13T09:00:00+08:00',
    };
    given([received, assigned, replied(), closedEvent])
      .when(reopen)
      .thenMatches([
        { type: 'ComplaintAssigned', data: { round: 2, department: 'CG', reopenedBecause: '投诉人对答复不满意' } },
      ]);
    given([received, assigned]).when(reopen).thenThrows('COMPLAINT_STATUS');
    given([received, assigned, replied(), closedEvent]).when(reply()).thenThrows('COMPLAINT_STATUS');
  });
});

describe('a complaint as the source of a finding or an order', () => {
  const stateAfter = (events: ComplaintEvent[]) =>
    events.reduce(complaintDecider.evolve, complaintDecider.initialState);
  const closedAs = (result: 'substantiated' | 'not-substantiated'): ComplaintEvent => ({
    type: 'ComplaintClosed',
    data: { complaintId: ID, result, satisfaction: null, by: 'k-jw', recordedAt: '2025-03-12T09:00:00+08:00' },
  });

  it('supports one unless it was closed as not substantiated', () => {
    expect(() => assertComplaintSupportsFindings(stateAfter([received, assigned, replied()]))).not.toThrow();
    expect(() =>
      assertComplaintSupportsFindings(stateAfter([received, assigned, replied(), closedAs('substantiated')])),
    ).not.toThrow();
    expect(() =>
      assertComplaintSupportsFindings(stateAfter([received, assigned, replied(), closedAs('not-substantiated')])),
    ).toThrow(expect.objectContaining({ code: 'COMPLAINT_NOT_SUBSTANTIATED' }));
  });
});

describe('complaint reply deadline (件件有回复)', () => {
  const recorded = (events: ComplaintEvent[]) =>
    events.map((event, i) => ({
      eventId: `e${i + 1}`,
      event,
      recordedAt: (event.data as { recordedAt: string }).recordedAt,
    }));

  it('waits until the last working day has ended, then raises a yellow ground-9 card naming no complainant', () => {
    const onTime = detectComplaintAlerts(recorded([received, assigned]), '2025-03-17T23:00:00+08:00', calendar);
    expect(onTime.facts).toEqual([]);
    expect(onTime.nextCheckAt).toBe('2025-03-17T16:00:00.000Z');
    const late = detectComplaintAlerts(recorded([received, assigned]), '2025-03-18T00:00:00+08:00', calendar);
    expect(late.facts).toEqual([
      expect.objectContaining({
        alertId: `complaint:${ID}:r1:g9:complaint-reply-overdue`,
        ground: 9,
        level: 'yellow',
        department: 'CG',
        subject: { kind: 'complaint', id: ID },
        evidence: ['e2'],
      }),
    ]);
    expect(late.facts[0].message).not.toContain('张三');
    expect(late.facts[0].message).not.toContain('13800000000');
  });

  it('a reply on record by the deadline clears it; one recorded later does not, whatever date it claims', () => {
    const inTime = detectComplaintAlerts(
      recorded([received, assigned, replied()]),
      '2025-04-01T00:00:00+08:00',
      calendar,
    );
    expect(inTime).toEqual({ facts: [], nextCheckAt: null });
    const recordedLate = detectComplaintAlerts(
      recorded([received, assigned, replied('2025-03-18T09:00:00+08:00')]),
      '2025-04-01T00:00:00+08:00',
      calendar,
    );
    expect(recordedLate.facts).toHaveLength(1);
  });

  it('computes the deadline from the calendar when it was not known at assignment', () => {
    const pending: ComplaintAssigned = { ...assigned, data: { ...assigned.data, replyDueOn: null } };
    expect(
      detectComplaintAlerts(recorded([received, pending]), '2025-03-17T12:00:00+08:00', calendar).nextCheckAt,
    ).toBe('2025-03-17T16:00:00.000Z');
  });
});
