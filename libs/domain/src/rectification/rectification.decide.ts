import { assertNever, Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  RectificationCommand,
  RectificationEvent,
  RectificationReport,
  RectificationState,
  RectificationStatus,
} from './rectification.types';

export const rectificationErrors = {
  notFound: (rectificationId: string) =>
    new DomainError('RECTIFICATION_NOT_FOUND', 'not-found', `No rectification order ${rectificationId}`, {
      rectificationId,
    }),
  exists: (rectificationId: string) =>
    new DomainError('RECTIFICATION_EXISTS', 'conflict', `Rectification order ${rectificationId} exists already`, {
      rectificationId,
    }),
  wrongStatus: (rectificationId: string, status: RectificationStatus, allowed: RectificationStatus, what: string) =>
    new DomainError(
      'RECTIFICATION_STATUS',
      'rule',
      `Rectification order ${rectificationId} is ${status}: ${what} needs it ${allowed}`,
      { rectificationId, status, allowed },
    ),
  forbiddenDepartment: (rectificationId: string) =>
    new DomainError(
      'FORBIDDEN_DEPARTMENT',
      'forbidden',
      `Rectification order ${rectificationId} is addressed to another department`,
      { rectificationId },
    ),
};

export const initialRectificationState: RectificationState = {
  status: 'absent',
  rectificationId: '',
  version: 0,
  reports: [],
};

function decide(command: RectificationCommand, state: RectificationState): RectificationEvent[] {
  const { by, recordedAt } = command;
  if (command.type === 'OrderRectification') {
    if (state.status !== 'absent') throw rectificationErrors.exists(command.rectificationId);
    const { type: _type, byDepartment: _department, ...data } = command;
    return [{ type: 'RectificationOrdered', data: { ...data, by, recordedAt } }];
  }
  if (state.status === 'absent') throw rectificationErrors.notFound(command.rectificationId);
  const rectificationId = state.rectificationId;
  const need = (allowed: RectificationStatus, what: string): void => {
    if (state.status !== allowed)
      throw rectificationErrors.wrongStatus(rectificationId, state.status as RectificationStatus, allowed, what);
  };
  switch (command.type) {
    case 'ReportRectification':
      if (command.byDepartment !== undefined && command.byDepartment !== state.order!.department)
        throw rectificationErrors.forbiddenDepartment(rectificationId);
      need('ordered', 'a report');
      return [
        {
          type: 'RectificationReported',
          data: {
            rectificationId,
            reportNo: state.reports.length + 1,
            actions: command.actions,
            documents: command.documents,
            reportedAt: command.reportedAt,
            by,
            recordedAt,
          },
        },
      ];
    case 'AcceptRectificationReport':
      need('reported', 'an acceptance');
      return [
        {
          type: 'RectificationReportAccepted',
          data: {
            rectificationId,
            reportNo: state.reports.length,
            ...(command.note !== undefined ? { note: command.note } : {}),
            by,
            recordedAt,
          },
        },
      ];
    case 'RejectRectificationReport':
      need('reported', 'a rejection');
      return [
        {
          type: 'RectificationReportRejected',
          data: { rectificationId, reportNo: state.reports.length, reasons: command.reasons, by, recordedAt },
        },
      ];
    default:
      return assertNever(command, 'rectification command');
  }
}

export function evolveRectification(state: RectificationState, event: RectificationEvent): RectificationState {
  const version = state.version + 1;
  const decided = (outcome: RectificationReport['outcome'], decision: RectificationReport['decision']) =>
    state.reports.map((report) =>
      report.reportNo === (event.data as { reportNo: number }).reportNo ? { ...report, outcome, decision } : report,
    );
  switch (event.type) {
    case 'RectificationOrdered':
      return {
        ...initialRectificationState,
        status: 'ordered',
        rectificationId: event.data.rectificationId,
        version,
        order: event.data,
      };
    case 'RectificationReported': {
      const { rectificationId: _id, ...report } = event.data;
      return { ...state, status: 'reported', version, reports: [...state.reports, { ...report, outcome: 'pending' }] };
    }
    case 'RectificationReportAccepted': {
      const { by, recordedAt, note } = event.data;
      return {
        ...state,
        status: 'accepted',
        version,
        reports: decided('accepted', { by, recordedAt, ...(note !== undefined ? { note } : {}) }),
      };
    }
    case 'RectificationReportRejected': {
      const { by, recordedAt, reasons } = event.data;
      return { ...state, status: 'ordered', version, reports: decided('rejected', { by, recordedAt, reasons }) };
    }
    default:
      return assertNever(event, 'rectification event');
  }
}

export const rectificationDecider: Decider<RectificationCommand, RectificationEvent, RectificationState> = {
  initialState: initialRectificationState,
  decide,
  evolve: evolveRectification,
};
