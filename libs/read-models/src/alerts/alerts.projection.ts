import {
  ALERT_EVENT_TYPES,
  assertNever,
  AlertAcknowledgedData,
  AlertEvent,
  AlertLinkedToCaseData,
  AlertRaisedData,
  AlertResolvedData,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store/reading';
import { EntityManager } from 'typeorm';
import { Projection } from '@app/projector';
import { AlertNote } from './alert.view';

export const ALERTS_PROJECTION = 'alerts';

/**
 * One row per alert, as its stream's decider sees it: raised open, then acknowledged and resolved by the supervision
 * office, each with its note. Transitions the decider's `evolve` ignores (acknowledging what is not open, resolving
 * twice) leave the row as it is, apart from the version.
 */
export class AlertsProjection implements Projection {
  readonly name = ALERTS_PROJECTION;
  readonly handles: readonly string[] = ALERT_EVENT_TYPES;

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as AlertEvent;
      switch (event.type) {
        case 'AlertRaised':
          await raise(tx, event.data, recorded);
          break;
        case 'AlertAcknowledged':
          await acknowledge(tx, event.data, recorded);
          break;
        case 'AlertResolved':
          await resolve(tx, event.data, recorded);
          break;
        case 'AlertLinkedToCase':
          await link(tx, event.data, recorded);
          break;
        case 'AlertAnswered': {
          const { explanation, documents, by, answeredAt } = event.data;
          const note: AlertNote = {
            kind: 'answer',
            note: explanation,
            ...(documents ? { documents } : {}),
            by,
            at: answeredAt,
          };
          await transition(tx, event.data.alertId, ['open', 'acknowledged'], null, note, recorded);
          break;
        }
        case 'AlertAnswerRejected': {
          const { reason, by, rejectedAt } = event.data;
          const note: AlertNote = { kind: 'answer-rejected', note: reason, by, at: rejectedAt };
          await transition(tx, event.data.alertId, ['open', 'acknowledged'], null, note, recorded);
          break;
        }
        default:
          assertNever(event, 'alert event');
      }
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE alerts');
  }
}

function raise(tx: EntityManager, data: AlertRaisedData, recorded: RecordedEvent): Promise<unknown> {
  return tx.query(
    `INSERT INTO alerts (alert_id, ground, level, department, subject_kind, subject_id, cause, evidence, message,
                         raised_at, status, version, raised_position, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, 'open', $11, $12, $12)
     ON CONFLICT (alert_id) DO NOTHING`,
    [
      data.alertId,
      data.ground,
      data.level,
      data.department,
      data.subject.kind,
      data.subject.id,
      data.cause,
      JSON.stringify(data.evidence),
      data.message,
      data.raisedAt,
      recorded.streamVersion,
      recorded.globalPosition,
    ],
  );
}

/**
 * Moves the row to `status` (null: keeps it) from one of `from`, appending the note; any other event only counts as a
 * version.
 */
async function transition(
  tx: EntityManager,
  alertId: string,
  from: string[],
  status: string | null,
  note: AlertNote,
  recorded: RecordedEvent,
): Promise<void> {
  await tx.query(
    `UPDATE alerts
        SET status = CASE WHEN status = ANY($2::text[]) THEN coalesce($3, status) ELSE status END,
            notes = CASE WHEN status = ANY($2::text[]) THEN notes || $4::jsonb ELSE notes END,
            version = $5, position = $6
      WHERE alert_id = $1`,
    [alertId, from, status, JSON.stringify([note]), recorded.streamVersion, recorded.globalPosition],
  );
}

function acknowledge(tx: EntityManager, data: AlertAcknowledgedData, recorded: RecordedEvent): Promise<void> {
  const note: AlertNote = {
    kind: 'acknowledgement',
    ...(data.note !== undefined ? { note: data.note } : {}),
    by: data.by,
    at: data.acknowledgedAt,
  };
  return transition(tx, data.alertId, ['open'], 'acknowledged', note, recorded);
}

function resolve(tx: EntityManager, data: AlertResolvedData, recorded: RecordedEvent): Promise<void> {
  const note: AlertNote = {
    kind: 'resolution',
    note: data.note,
    by: data.by,
    at: data.resolvedAt,
    ...(data.explained ? { explained: true } : {}),
  };
  return transition(tx, data.alertId, ['open', 'acknowledged'], 'resolved', note, recorded);
}

/** The alert shows the accountability cases opened from it. */
function link(tx: EntityManager, data: AlertLinkedToCaseData, recorded: RecordedEvent): Promise<unknown> {
  return tx.query(
    `UPDATE alerts
        SET case_ids = CASE WHEN case_ids ? $2 THEN case_ids ELSE case_ids || jsonb_build_array($2::text) END,
            version = $3, position = $4
      WHERE alert_id = $1`,
    [data.alertId, data.caseId, recorded.streamVersion, recorded.globalPosition],
  );
}
