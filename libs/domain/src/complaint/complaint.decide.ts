import { assertNever, Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  ComplaintAssignedData,
  ComplaintCommand,
  ComplaintEvent,
  ComplaintState,
  ComplaintStatus,
} from './complaint.types';

/**
 * The complaint decider. Shapes (enumerations, lengths, dates) are checked once, at the edge, by the request
 * objects; this decides what needs the complaint's state or several fields at once.
 */

export const complaintErrors = {
  notFound: (complaintId: string) =>
    new DomainError('COMPLAINT_NOT_FOUND', 'not-found', `No complaint ${complaintId}`, { complaintId }),
  exists: (complaintId: string) =>
    new DomainError('COMPLAINT_EXISTS', 'conflict', `Complaint ${complaintId} has been received already`, {
      complaintId,
    }),
  wrongStatus: (complaintId: string, status: ComplaintStatus, allowed: readonly ComplaintStatus[], what: string) =>
    new DomainError(
      'COMPLAINT_STATUS',
      'rule',
      `Complaint ${complaintId} is ${status}: ${what} needs it ${allowed.join(' or ')}`,
      { complaintId, status, allowed },
    ),
  complainant: (message: string) =>
    new DomainError('COMPLAINANT_INCONSISTENT', 'validation', message, {}, { complainant: [message] }),
  forbiddenDepartment: (complaintId: string) =>
    new DomainError(
      'FORBIDDEN_DEPARTMENT',
      'forbidden',
      `Complaint ${complaintId} is not assigned to your department`,
      {
        complaintId,
      },
    ),
  beforeAssignment: (complaintId: string) =>
    new DomainError('AT_OUT_OF_ORDER', 'rule', `The date given is before complaint ${complaintId} was assigned`, {
      complaintId,
    }),
};

/**
 * A complaint can lead to a finding, a rectification order or a case, unless it was closed as not substantiated: what
 * was found untrue supports nothing.
 */
export function assertComplaintSupportsFindings(state: ComplaintState): void {
  if (state.closure?.result === 'not-substantiated') {
    throw new DomainError(
      'COMPLAINT_NOT_SUBSTANTIATED',
      'rule',
      `Complaint ${state.complaintId} was closed as not substantiated: it supports no finding or order`,
      { complaintId: state.complaintId },
    );
  }
}

export const initialComplaintState: ComplaintState = {
  status: 'absent',
  complaintId: '',
  version: 0,
  rounds: [],
  closures: [],
};

function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  const { by, recordedAt } = command;
  if (command.type === 'ReceiveComplaint') {
    if (state.status !== 'absent') throw complaintErrors.exists(command.complaintId);
    const { complainant } = command;
    if (complainant.disclosure === 'anonymous' && (complainant.name !== undefined || complainant.contact !== undefined))
      throw complaintErrors.complainant('an anonymous complaint carries neither name nor contact');
    if (complainant.disclosure !== 'anonymous' && complainant.name === undefined)
      throw complaintErrors.complainant(`a ${complainant.disclosure} complaint names the complainant`);
    const { type: _type, byDepartment: _department, ...data } = command;
    return [{ type: 'ComplaintReceived', data: { ...data, by, recordedAt } }];
  }
  if (state.status === 'absent') throw complaintErrors.notFound(command.complaintId);
  const need = (allowed: readonly ComplaintStatus[], what: string): void => {
    if (!allowed.includes(state.status as ComplaintStatus))
      throw complaintErrors.wrongStatus(state.complaintId, state.status as ComplaintStatus, allowed, what);
  };
  switch (command.type) {
    case 'AssignComplaint': {
      need(['received'], 'an assignment');
      const data: ComplaintAssignedData = {
        complaintId: state.complaintId,
        department: command.department,
        round: 1,
        assignedOn: command.assignedOn,
        replyWithinWorkingDays: command.replyWithinWorkingDays,
        replyDueOn: command.replyDueOn,
        by,
        recordedAt,
      };
      return [{ type: 'ComplaintAssigned', data }];
    }
    case 'ReplyToComplaint': {
      need(['assigned'], 'a reply');
      const round = state.rounds[state.rounds.length - 1];
      if (command.byDepartment !== undefined && command.byDepartment !== round.department)
        throw complaintErrors.forbiddenDepartment(state.complaintId);
      if (command.repliedAt < round.assignedOn) throw complaintErrors.beforeAssignment(state.complaintId);
      return [
        {
          type: 'ComplaintReplied',
          data: {
            complaintId: state.complaintId,
            round: round.round,
            reply: command.reply,
            documents: command.documents,
            repliedAt: command.repliedAt,
            by,
            recordedAt,
          },
        },
      ];
    }
    case 'CloseComplaint': {
      need(['replied'], 'a closure');
      const { type: _type, byDepartment: _department, ...data } = command;
      return [{ type: 'ComplaintClosed', data: { ...data, complaintId: state.complaintId, by, recordedAt } }];
    }
    case 'ReopenComplaint': {
      need(['replied', 'closed'], 'reopening');
      const last = state.rounds[state.rounds.length - 1];
      return [
        {
          type: 'ComplaintAssigned',
          data: {
            complaintId: state.complaintId,
            department: last.department,
            round: last.round + 1,
            assignedOn: command.assignedOn,
            replyWithinWorkingDays: command.replyWithinWorkingDays,
            replyDueOn: command.replyDueOn,
            reopenedBecause: command.reason,
            by,
            recordedAt,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'complaint command');
  }
}

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  const version = state.version + 1;
  switch (event.type) {
    case 'ComplaintReceived':
      return {
        ...initialComplaintState,
        status: 'received',
        complaintId: event.data.complaintId,
        version,
        received: event.data,
        department: event.data.about.department,
      };
    case 'ComplaintAssigned': {
      const { round, department, assignedOn, replyWithinWorkingDays, replyDueOn, reopenedBecause, recordedAt } =
        event.data;
      return {
        ...state,
        status: 'assigned',
        version,
        department,
        closure: undefined,
        rounds: [
          ...state.rounds,
          {
            round,
            department,
            assignedOn,
            replyWithinWorkingDays,
            replyDueOn,
            ...(reopenedBecause !== undefined ? { reopenedBecause } : {}),
            assignedRecordedAt: recordedAt,
          },
        ],
      };
    }
    case 'ComplaintReplied': {
      const { reply, documents, repliedAt, by, recordedAt } = event.data;
      return {
        ...state,
        status: 'replied',
        version,
        rounds: state.rounds.map((round) =>
          round.round === event.data.round
            ? { ...round, reply: { reply, documents, repliedAt, by, recordedAt } }
            : round,
        ),
      };
    }
    case 'ComplaintClosed':
      return { ...state, status: 'closed', version, closure: event.data, closures: [...state.closures, event.data] };
    default:
      return assertNever(event, 'complaint event');
  }
}

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  initialState: initialComplaintState,
  decide,
  evolve: evolveComplaint,
};
