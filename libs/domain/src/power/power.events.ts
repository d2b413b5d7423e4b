import { DomainEvent } from '../shared/decider';
import { Approval, ChangeKind, LegalBasis, PowerAttributes, PowerChanges, PowerWarning } from './power.types';

/**
 * Events of a power's stream (`power-<code>`). Payloads are self-contained: a projection needs nothing but the event
 * to update its rows. `recordedAt` is the caller's recording time, repeated in the payload because the decider (which
 * sees payloads only) needs it for the publication duty; `effectiveFrom` is when the fact takes effect.
 */

export interface PowerGrantedData {
  code: string;
  attributes: PowerAttributes;
  approval: Approval;
  effectiveFrom: string;
  recordedAt: string;
  warnings: PowerWarning[];
}

export interface PowerChangedData {
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

export interface PowerTransferredData {
  code: string;
  fromDepartment: string;
  toDepartment: string;
  reason: string;
  approval: Approval;
  effectiveFrom: string;
  recordedAt: string;
}

export interface PowerCancelledData {
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

export type PowerGranted = DomainEvent<'PowerGranted', PowerGrantedData>;
export type PowerChanged = DomainEvent<'PowerChanged', PowerChangedData>;
export type PowerTransferred = DomainEvent<'PowerTransferred', PowerTransferredData>;
export type PowerCancelled = DomainEvent<'PowerCancelled', PowerCancelledData>;
export type PowerPublished = DomainEvent<'PowerPublished', PowerPublishedData>;

/** Facts that change the catalogue; each carries an approval and an effective date and must be published. */
export type PowerLifecycleEvent = PowerGranted | PowerChanged | PowerTransferred | PowerCancelled;
export type PowerEvent = PowerLifecycleEvent | PowerPublished;
export type PowerEventType = PowerEvent['type'];

export const POWER_EVENT_TYPES = [
  'PowerGranted',
  'PowerChanged',
  'PowerTransferred',
  'PowerCancelled',
  'PowerPublished',
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

export function isPowerLifecycleEvent(event: PowerEvent): event is PowerLifecycleEvent {
  return event.type !== 'PowerPublished';
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
