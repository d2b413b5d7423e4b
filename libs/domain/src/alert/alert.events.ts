import { DomainEvent } from '../shared/decider';
import { AlertFact } from './alert.types';

/** Events of an alert's stream (`alert-<alertId>`); payloads are self-contained. */

export interface AlertRaisedData extends AlertFact {
  raisedAt: string;
}

export interface AlertAcknowledgedData {
  alertId: string;
  note?: string;
  /** The supervisor's principal id. */
  by: string;
  acknowledgedAt: string;
}

export interface AlertResolvedData {
  alertId: string;
  note: string;
  by: string;
  resolvedAt: string;
  /** The accountability case whose closure resolved it. */
  caseId?: string;
  /** Resolved by accepting the department's answer (解释说明被采纳). */
  explained?: true;
}

export interface AlertAnsweredData {
  alertId: string;
  explanation: string;
  documents?: { name: string; sha256: string }[];
  /** The department's principal id. */
  by: string;
  department: string;
  answeredAt: string;
}

export interface AlertAnswerRejectedData {
  alertId: string;
  reason: string;
  /** The supervisor's principal id. */
  by: string;
  rejectedAt: string;
}

export interface AlertLinkedToCaseData {
  alertId: string;
  caseId: string;
  /** The principal who opened the case. */
  by: string;
  linkedAt: string;
}

export type AlertRaised = DomainEvent<'AlertRaised', AlertRaisedData>;
export type AlertAcknowledged = DomainEvent<'AlertAcknowledged', AlertAcknowledgedData>;
export type AlertResolved = DomainEvent<'AlertResolved', AlertResolvedData>;
export type AlertLinkedToCase = DomainEvent<'AlertLinkedToCase', AlertLinkedToCaseData>;

export type AlertAnswered = DomainEvent<'AlertAnswered', AlertAnsweredData>;
export type AlertAnswerRejected = DomainEvent<'AlertAnswerRejected', AlertAnswerRejectedData>;

export type AlertEvent =
  AlertRaised | AlertAcknowledged | AlertResolved | AlertLinkedToCase | AlertAnswered | AlertAnswerRejected;
export type AlertEventType = AlertEvent['type'];

export const ALERT_EVENT_TYPES = [
  'AlertRaised',
  'AlertAcknowledged',
  'AlertResolved',
  'AlertLinkedToCase',
  'AlertAnswered',
  'AlertAnswerRejected',
] as const satisfies readonly AlertEventType[];

export function isAlertEvent(event: { type: string }): event is AlertEvent {
  return (ALERT_EVENT_TYPES as readonly string[]).includes(event.type);
}

export function alertStreamId(alertId: string): string {
  return `alert-${alertId}`;
}
