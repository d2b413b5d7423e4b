import { DomainEvent } from '../shared/decider';
import { CommandStamp, DocumentRef } from '../shared/values';

/**
 * Complaints and reports (投诉举报): received by the supervision office by channel, about a department, assigned to it
 * with a reply deadline in working days, replied ("件件有回复"), closed with a result and the complainant's
 * satisfaction, reopened when the complainant objects. The enumerations `GET /v1/meta/enums` serves with their labels.
 */

export const COMPLAINT_CHANNELS = ['phone', 'web', 'letter', 'visit', 'hotline-12345', 'media', 'public-form'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_CHANNEL_LABELS: Readonly<Record<ComplaintChannel, string>> = {
  phone: '电话',
  web: '网络',
  letter: '来信',
  visit: '来访',
  'hotline-12345': '12345热线',
  media: '媒体',
  'public-form': '网上投诉表单',
};

/** How far the complainant's identity may travel: only `named` is ever shown to the department complained about. */
export const COMPLAINANT_DISCLOSURES = ['named', 'confidential', 'anonymous'] as const;
export type ComplainantDisclosure = (typeof COMPLAINANT_DISCLOSURES)[number];
export const COMPLAINANT_DISCLOSURE_LABELS: Readonly<Record<ComplainantDisclosure, string>> = {
  named: '实名',
  confidential: '实名保密',
  anonymous: '匿名',
};

export const COMPLAINT_STATUSES = ['received', 'assigned', 'replied', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Readonly<Record<ComplaintStatus, string>> = {
  received: '已受理',
  assigned: '已交办',
  replied: '已答复',
  closed: '已办结',
};

export const COMPLAINT_RESULTS = ['substantiated', 'partly-substantiated', 'not-substantiated'] as const;
export type ComplaintResult = (typeof COMPLAINT_RESULTS)[number];
export const COMPLAINT_RESULT_LABELS: Readonly<Record<ComplaintResult, string>> = {
  substantiated: '属实',
  'partly-substantiated': '部分属实',
  'not-substantiated': '不属实',
};

export const COMPLAINT_SATISFACTIONS = ['satisfied', 'basically-satisfied', 'dissatisfied'] as const;
export type ComplaintSatisfaction = (typeof COMPLAINT_SATISFACTIONS)[number];
export const COMPLAINT_SATISFACTION_LABELS: Readonly<Record<ComplaintSatisfaction, string>> = {
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
};

export const COMPLAINT_ENUM_LABELS = {
  complaintChannel: COMPLAINT_CHANNEL_LABELS,
  complainantDisclosure: COMPLAINANT_DISCLOSURE_LABELS,
  complaintStatus: COMPLAINT_STATUS_LABELS,
  complaintResult: COMPLAINT_RESULT_LABELS,
  complaintSatisfaction: COMPLAINT_SATISFACTION_LABELS,
} as const;

export const COMPLAINT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;

export interface Complainant {
  disclosure: ComplainantDisclosure;
  /** Absent for an anonymous complaint. */
  name?: string;
  contact?: string;
}

/** What the complaint is about: always a department, optionally one of its powers, operations or people. */
export interface ComplaintSubject {
  department: string;
  powerCode?: string;
  operationId?: string;
  person?: string;
}

export interface ComplaintReceivedData {
  complaintId: string;
  channel: ComplaintChannel;
  /** When the office received it, as claimed (a letter's date of receipt); recordedAt is when it was recorded. */
  receivedAt: string;
  about: ComplaintSubject;
  complainant: Complainant;
  summary: string;
  /** SHA-256 of the tracking code given to a complainant who used the public form; the code itself is kept nowhere. */
  trackingCodeSha256?: string;
  by: string;
  recordedAt: string;
}

/** Assigned (交办) to the department, or sent back to it when reopened: round 1, 2, … each with its own deadline. */
export interface ComplaintAssignedData {
  complaintId: string;
  department: string;
  round: number;
  assignedOn: string;
  replyWithinWorkingDays: number;
  /** The last day of the reply period, when the calendar knew the year at assignment; else computed when checked. */
  replyDueOn: string | null;
  /** Why the complaint came back (the complainant's objection), from round 2 on. */
  reopenedBecause?: string;
  by: string;
  recordedAt: string;
}

export interface ComplaintRepliedData {
  complaintId: string;
  round: number;
  reply: string;
  documents: DocumentRef[];
  /** When the department says it replied to the complainant; recordedAt is what counts for the deadline. */
  repliedAt: string;
  by: string;
  recordedAt: string;
}

export interface ComplaintClosedData {
  complaintId: string;
  result: ComplaintResult;
  /** From the follow-up with the complainant (回访); null when the complainant could not be reached. */
  satisfaction: ComplaintSatisfaction | null;
  note?: string;
  by: string;
  recordedAt: string;
}

export type ComplaintReceived = DomainEvent<'ComplaintReceived', ComplaintReceivedData>;
export type ComplaintAssigned = DomainEvent<'ComplaintAssigned', ComplaintAssignedData>;
export type ComplaintReplied = DomainEvent<'ComplaintReplied', ComplaintRepliedData>;
export type ComplaintClosed = DomainEvent<'ComplaintClosed', ComplaintClosedData>;
export type ComplaintEvent = ComplaintReceived | ComplaintAssigned | ComplaintReplied | ComplaintClosed;

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEvent['type'][] = [
  'ComplaintReceived',
  'ComplaintAssigned',
  'ComplaintReplied',
  'ComplaintClosed',
];

export type ComplaintCommand =
  | ({ type: 'ReceiveComplaint' } & Omit<ComplaintReceivedData, 'by' | 'recordedAt'> & CommandStamp)
  | ({ type: 'AssignComplaint' } & Omit<ComplaintAssignedData, 'round' | 'reopenedBecause' | 'by' | 'recordedAt'> &
      CommandStamp)
  | ({
      type: 'ReplyToComplaint';
      complaintId: string;
      reply: string;
      documents: DocumentRef[];
      repliedAt: string;
    } & CommandStamp)
  | ({ type: 'CloseComplaint' } & Omit<ComplaintClosedData, 'by' | 'recordedAt'> & CommandStamp)
  | ({
      type: 'ReopenComplaint';
      complaintId: string;
      reason: string;
      assignedOn: string;
      replyWithinWorkingDays: number;
      replyDueOn: string | null;
    } & CommandStamp);

export interface ComplaintRound {
  round: number;
  department: string;
  assignedOn: string;
  replyWithinWorkingDays: number;
  replyDueOn: string | null;
  reopenedBecause?: string;
  assignedRecordedAt: string;
  reply?: { reply: string; documents: DocumentRef[]; repliedAt: string; by: string; recordedAt: string };
}

export interface ComplaintState {
  status: 'absent' | ComplaintStatus;
  complaintId: string;
  version: number;
  received?: ComplaintReceivedData;
  /** The department it is assigned to (the department complained about, unless the office decided otherwise). */
  department?: string;
  rounds: ComplaintRound[];
  closure?: ComplaintClosedData;
  /** Every closure, reopened or not: a reopened complaint keeps the history of its earlier results. */
  closures: ComplaintClosedData[];
}
