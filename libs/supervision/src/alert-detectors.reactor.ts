import { Injectable } from '@nestjs/common';
import {
  AlertSubject,
  COMPLAINT_EVENT_TYPES,
  FINDING_EVENT_TYPES,
  isOperationEvent,
  OPERATION_EVENT_TYPES,
  POWER_EVENT_TYPES,
  RECTIFICATION_EVENT_TYPES,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { EntityManager } from 'typeorm';
import { Clock } from '@app/platform';
import { Projection } from '@app/projector';
import { AlertDetection } from './alert-detection';
import { reschedule, ScheduleEntry } from './alert-schedule';

export const ALERT_DETECTORS_REACTOR = 'alert-detectors';

/**
 * Event-driven detection (docs/domain.md, "Accountability", the grounds marked auto): for each operation or power whose
 * stream moved in the batch, the detectors look at the whole stream and raise what they find, then the subject's
 * next time-driven check goes into the deadline watcher's schedule. The alerts are appended before the runner
 * commits this batch's checkpoint and schedule; after a crash in between, the batch runs again and raising the same
 * alert ids again records nothing.
 */
@Injectable()
export class AlertDetectorsReactor implements Projection {
  readonly name = ALERT_DETECTORS_REACTOR;
  readonly handles: readonly string[] = [
    ...OPERATION_EVENT_TYPES,
    ...POWER_EVENT_TYPES,
    ...COMPLAINT_EVENT_TYPES,
    ...RECTIFICATION_EVENT_TYPES,
    ...FINDING_EVENT_TYPES,
  ];

  constructor(
    private readonly detection: AlertDetection,
    private readonly clock: Clock,
  ) {}

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<{ appended: boolean }> {
    const now = this.clock.now();
    // Each subject once per batch, after its last event in it: the detectors read the whole stream anyway. A subject
    // whose stream starts in this batch brings those events along, so that only the rest of its stream is read.
    const latest = new Map<string, { subject: AlertSubject; event: RecordedEvent; inBatch: RecordedEvent[] }>();
    for (const event of events) {
      const subject = subjectOf(event);
      const key = `${subject.kind}:${subject.id}`;
      const inBatch = latest.get(key)?.inBatch ?? [];
      inBatch.push(event);
      latest.delete(key);
      latest.set(key, { subject, event, inBatch });
    }
    const checks = [...latest.values()].map(({ subject, event, inBatch }) => ({
      subject,
      startOfStream: inBatch[0].streamVersion === 1 ? inBatch : undefined,
      trigger: {
        raisedBy: ALERT_DETECTORS_REACTOR,
        causationId: event.eventId,
        ...(typeof event.metadata.correlationId === 'string' ? { correlationId: event.metadata.correlationId } : {}),
      } as const,
    }));
    const outcomes = await this.detection.checkMany(checks, now);
    const entries: ScheduleEntry[] = checks.map(({ subject }, i) => ({
      subject,
      nextCheckAt: outcomes[i].nextCheckAt,
      undecided: outcomes[i].undecided,
    }));
    await reschedule(tx, entries);
    return { appended: outcomes.some((outcome) => outcome.raised.length > 0) };
  }

  /** The schedule is rebuilt with everything else when the reactor replays the log. */
  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE alert_schedule');
  }
}

const COMPLAINT_TYPES = new Set<string>(COMPLAINT_EVENT_TYPES);
const RECTIFICATION_TYPES = new Set<string>(RECTIFICATION_EVENT_TYPES);
const FINDING_TYPES = new Set<string>(FINDING_EVENT_TYPES);

function subjectOf(event: RecordedEvent): AlertSubject {
  const data = event.data as {
    id?: string;
    code?: string;
    complaintId?: string;
    rectificationId?: string;
    findingId?: string;
  };
  if (isOperationEvent(event)) return { kind: 'operation', id: data.id! };
  if (COMPLAINT_TYPES.has(event.type)) return { kind: 'complaint', id: data.complaintId! };
  if (RECTIFICATION_TYPES.has(event.type)) return { kind: 'rectification', id: data.rectificationId! };
  if (FINDING_TYPES.has(event.type)) return { kind: 'finding', id: data.findingId! };
  return { kind: 'power', id: data.code! };
}
