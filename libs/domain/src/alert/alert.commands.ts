import { Actor } from '../power/power.types';
import { AlertFact } from './alert.types';

/**
 * Raised by the detectors' reactor, not by a person: the edges never expose it, so it carries no actor. Raising an
 * alert already raised changes nothing (its id is its cause).
 */
export interface RaiseAlert extends AlertFact {
  type: 'RaiseAlert';
  /** ISO-8601 with offset: when the detector found it. */
  raisedAt: string;
}

export interface AcknowledgeAlert {
  type: 'AcknowledgeAlert';
  alertId: string;
  note?: string;
  actor: Actor;
  recordedAt: string;
}

export interface ResolveAlert {
  type: 'ResolveAlert';
  alertId: string;
  /** How it was dealt with; required. */
  note: string;
  actor: Actor;
  recordedAt: string;
  /**
   * The accountability case that dealt with it, when its closure resolves the alert: then the investigator may, and
   * an alert already resolved stays as it is.
   */
  caseId?: string;
}

/** An accountability case was opened from the alert: the alert shows it. Linking twice records nothing. */
export interface LinkAlertToCase {
  type: 'LinkAlertToCase';
  alertId: string;
  caseId: string;
  actor: Actor;
  recordedAt: string;
}

export type AlertCommand = RaiseAlert | AcknowledgeAlert | ResolveAlert | LinkAlertToCase;
export type AlertCommandType = AlertCommand['type'];
