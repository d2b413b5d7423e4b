import { AlertGround, AlertLevel, AlertRaisedData, AlertStatus, AlertSubject } from '@app/domain';

/** What the supervision office wrote when it acknowledged or resolved an alert. */
export interface AlertNote {
  kind: 'acknowledgement' | 'resolution';
  note?: string;
  /** The supervisor's principal id. */
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
