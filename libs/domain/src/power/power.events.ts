import { DomainEvent } from '../shared/decider';
import { Approval, ChangeKind, LegalBasis, PowerAttributes, PowerChanges, PowerWarning } from './power.types';

/**
 * Events of a power's stream (`power-<code>`). Payloads are self-contained: a projection needs nothing but the event
 * to update its rows. `recordedAt` is the caller's recording time, repeated in the payload because the decider (which
 * sees payloads only) needs it for the publication duty; `effectiveFrom` is when the fact takes effect.
 */

/**
 * What a fact recorded on a reviewer's approval of a department's proposal carries besides its own fields. Facts
 * without it were recorded directly by a reviewer (or before proposals existed): they are approved all the same.
 */
export interface ProposalApproval {
  /** The approved proposal: the stream version of its PowerProposed event. */
  proposalId?: number;
  /** Set when the fact classifies the power: the reviewer approved the classification and its reason. */
  classificationApproved?: boolean;
}

export interface PowerGrantedData extends ProposalApproval {
  code: string;
  attributes: PowerAttributes;
  approval: Approval;
  effectiveFrom: string;
  recordedAt: string;
  warnings: PowerWarning[];
}

export interface PowerChangedData extends ProposalApproval {
  code: string;
  kind: ChangeKind;
  changes: PowerChanges;
  reason: string;
  legalBasis?: LegalBasis[];
  approval: Approval;
  effectiveFrom: string;
  recordedAt: string;
  /** Warnings about the limits resulting from this change; empty when it does not touch `timeLimit`. */
  warnings: PowerWarning[];
}

export interface PowerTransferredData extends ProposalApproval {
  code: string;
  fromDepartment: string;
  toDepartment: string;
  reason: string;
  approval: Approval;
  effectiveFrom: string;
  recordedAt: string;
}

export interface PowerCancelledData extends ProposalApproval {
  code: string;
  /** The owner on the day the cancellation takes effect. */
  department: string;
  reason: string;
  legalBasis?: LegalBasis[];
  approval: Approval;
  effectiveFrom: string;
  recordedAt: string;
}

export interface PowerPublishedData {
  code: string;
  channel: string;
  publishedOn: string;
  url?: string;
  recordedAt: string;
}

/**
 * A department's grant, change, transfer or cancellation, submitted for review (申报): `fact` is the event it would
 * record, decided on the state of the day it was proposed. It takes effect only when a reviewer approves it; the
 * approval records the fact itself (decided again on the state of that day, with the reviewer's approval document).
 */
export interface PowerProposedData {
  code: string;
  /** The stream version of this event: proposals are numbered per power, so no id has to be generated. */
  proposalId: number;
  /** The proposing department. */
  department: string;
  fact: PowerLifecycleEvent;
  recordedAt: string;
}

export interface PowerProposalRejectedData {
  code: string;
  proposalId: number;
  reasons: string[];
  recordedAt: string;
}

export type PowerGranted = DomainEvent<'PowerGranted', PowerGrantedData>;
export type PowerChanged = DomainEvent<'PowerChanged', PowerChangedData>;
export type PowerTransferred = DomainEvent<'PowerTransferred', PowerTransferredData>;
export type PowerCancelled = DomainEvent<'PowerCancelled', PowerCancelledData>;
export type PowerPublished = DomainEvent<'PowerPublished', PowerPublishedData>;
export type PowerProposed = DomainEvent<'PowerProposed', PowerProposedData>;
export type PowerProposalRejected = DomainEvent<'PowerProposalRejected', PowerProposalRejectedData>;

/** Facts that change the catalogue; each carries an approval and an effective date and must be published. */
export type PowerLifecycleEvent = PowerGranted | PowerChanged | PowerTransferred | PowerCancelled;
/** The review of proposals (审核): they change nothing in the catalogue until a fact is approved. */
export type PowerReviewEvent = PowerProposed | PowerProposalRejected;
export type PowerEvent = PowerLifecycleEvent | PowerPublished | PowerReviewEvent;
export type PowerEventType = PowerEvent['type'];

export const POWER_EVENT_TYPES = [
  'PowerGranted',
  'PowerChanged',
  'PowerTransferred',
  'PowerCancelled',
  'PowerPublished',
  'PowerProposed',
  'PowerProposalRejected',
] as const satisfies readonly PowerEventType[];

export const POWER_LIFECYCLE_EVENT_TYPES = [
  'PowerGranted',
  'PowerChanged',
  'PowerTransferred',
  'PowerCancelled',
] as const satisfies readonly PowerLifecycleEvent['type'][];

export function isPowerEvent(event: { type: string }): event is PowerEvent {
  return (POWER_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** True for the facts that change the catalogue: approved ones, never proposals. */
export function isPowerLifecycleEvent(event: PowerEvent): event is PowerLifecycleEvent {
  return (POWER_LIFECYCLE_EVENT_TYPES as readonly string[]).includes(event.type);
}

export function isPowerReviewEvent(event: PowerEvent): event is PowerReviewEvent {
  return event.type === 'PowerProposed' || event.type === 'PowerProposalRejected';
}

/** An event as read from the store, with its recording time and stream version. */
export interface RecordedPowerEvent {
  event: PowerEvent;
  recordedAt: string;
  version: number;
}

/** The stream of one power's lifecycle facts. */
export function powerStreamId(code: string): string {
  return `power-${code}`;
}
