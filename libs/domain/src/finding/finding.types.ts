import { AlertGround } from '../alert/alert.types';
import { DomainEvent } from '../shared/decider';
import { CommandStamp, DocumentRef } from '../shared/values';

/**
 * Findings (监督检查发现的问题): what the supervision office establishes from an inspection, a complaint, an alert or on
 * its own initiative, naming its kind, the department, the operations or powers concerned, the evidence and the
 * accountability ground it supports. It can lead to a rectification order or a case.
 */

export const FINDING_KINDS = [
  'inaction',
  'slow-action',
  'arbitrary-action',
  'exceeding-authority',
  'abuse-of-authority',
  'abandoning-authority',
  'procedural-violation',
  'rules-not-implemented',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_KIND_LABELS: Readonly<Record<FindingKind, string>> = {
  inaction: '不作为',
  'slow-action': '缓作为',
  'arbitrary-action': '乱作为',
  'exceeding-authority': '超越职权',
  'abuse-of-authority': '滥用职权',
  'abandoning-authority': '放弃职权',
  'procedural-violation': '程序违法',
  'rules-not-implemented': '配套制度未落实',
};

export const FINDING_SOURCE_KINDS = ['inspection', 'complaint', 'alert', 'own-initiative'] as const;
export type FindingSourceKind = (typeof FINDING_SOURCE_KINDS)[number];
export const FINDING_SOURCE_KIND_LABELS: Readonly<Record<FindingSourceKind, string>> = {
  inspection: '查访',
  complaint: '投诉举报',
  alert: '红黄牌',
  'own-initiative': '主动发现',
};

export const FINDING_ENUM_LABELS = {
  findingKind: FINDING_KIND_LABELS,
  findingSourceKind: FINDING_SOURCE_KIND_LABELS,
} as const;

export const FINDING_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const findingStreamId = (findingId: string): string => `finding-${findingId}`;

export interface FindingSource {
  kind: FindingSourceKind;
  /** The inspection's, complaint's or alert's id; absent for own initiative. */
  id?: string;
}

export interface FindingRecordedData {
  findingId: string;
  kind: FindingKind;
  department: string;
  source: FindingSource;
  operations: string[];
  powers: string[];
  facts: string;
  evidence: DocumentRef[];
  /** The ground of accountability (责任追究制度 第五条) the finding supports. */
  ground: AlertGround;
  foundOn: string;
  by: string;
  recordedAt: string;
}

export type FindingRecorded = DomainEvent<'FindingRecorded', FindingRecordedData>;
export type FindingEvent = FindingRecorded;
export const FINDING_EVENT_TYPES: readonly FindingEvent['type'][] = ['FindingRecorded'];

export type FindingCommand = { type: 'RecordFinding' } & Omit<FindingRecordedData, 'by' | 'recordedAt'> & CommandStamp;

export interface FindingState {
  status: 'absent' | 'recorded';
  version: number;
  finding?: FindingRecordedData;
}
