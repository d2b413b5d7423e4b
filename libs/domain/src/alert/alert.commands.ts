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

/** A document an answer cites, by name and SHA-256 digest (documents are never stored inline). */
export interface AnswerDocument {
  name: string;
  sha256: string;
}

/** The department an alert concerns explains it (解释说明), with documents. */
export interface AnswerAlert {
  type: 'AnswerAlert';
  alertId: string;
  explanation: string;
  documents?: AnswerDocument[];
  actor: Actor;
  recordedAt: string;
}

/** The supervision office accepts the department's explanation: the alert is resolved as explained. */
export interface AcceptAlertAnswer {
  type: 'AcceptAlertAnswer';
  alertId: string;
  note?: string;
  actor: Actor;
  recordedAt: string;
}

/** The supervision office does not accept the explanation: the alert stays, and the department may answer again. */
export interface RejectAlertAnswer {
  type: 'RejectAlertAnswer';
  alertId: string;
  reason: string;
  actor: Actor;
  recordedAt: string;
}

export type AlertCommand =
  RaiseAlert | AcknowledgeAlert | ResolveAlert | LinkAlertToCase | AnswerAlert | AcceptAlertAnswer | RejectAlertAnswer;
export type AlertCommandType = AlertCommand['type'];
