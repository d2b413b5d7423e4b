import { AlertGround, AlertLevel, AlertRaisedData, AlertStatus, AlertSubject } from '@app/domain';

/**
 * One step of an alert's history: the supervision office's acknowledgement or resolution, the department's answer
 * (解释说明) and the office's rejection of one.
 */
export interface AlertNote {
  kind: 'acknowledgement' | 'resolution' | 'answer' | 'answer-rejected';
  /** The note; an answer's explanation; a rejection's reason. */
  note?: string;
  /** An answer's documents. */
  documents?: { name: string; sha256: string }[];
  /** A resolution by accepting the department's answer. */
  explained?: true;
  /** The principal id of the supervisor, or of the department for an answer. */
  by: string;
  at: string;
}

/** An alert as the API shows it (the alert resource of the HTTP contract). */
export interface AlertView {
  id: string;
  ground: AlertGround;
  level: AlertLevel;
  department: string;
  subject: AlertSubject;
  cause: string;
  /** Ids of the events that prove it. */
  evidence: string[];
  message: string;
  raisedAt: string;
  status: AlertStatus;
  notes: AlertNote[];
  /** The accountability cases opened from it, once there is one (GET /v1/alerts; not in an operation's alerts). */
  cases?: string[];
  /** Version of the alert's stream (If-Match). */
  version: number;
}

/** The view of an AlertRaised event, for those who follow the log rather than the read model (the SSE feed). */
export function raisedAlertView(data: AlertRaisedData, version: number): AlertView {
  return {
    id: data.alertId,
    ground: data.ground,
    level: data.level,
    department: data.department,
    subject: { kind: data.subject.kind, id: data.subject.id },
    cause: data.cause,
    evidence: [...data.evidence],
    message: data.message,
    raisedAt: new Date(data.raisedAt).toISOString(),
    status: 'open',
    notes: [],
    version,
  };
}
