import { AlertFact } from '../alert/alert.types';
import { endOfWorkingDay } from '../calendar/calendar-date';
import { WorkingCalendar } from '../calendar/working-calendar';
import { fold } from '../shared/decider';
import { RecordedDomainEvent, StreamDetection } from '../shared/recorded';
import { complaintDecider } from './complaint.decide';
import { ComplaintAssigned, ComplaintEvent } from './complaint.types';

/** The alert cause of a reply not on record by the end of its deadline. */
export const COMPLAINT_REPLY_OVERDUE = 'complaint-reply-overdue';

/**
 * "件件有回复": a round of a complaint whose reply is not on record by the end of its last working day raises a yellow
 * card on ground 9 (对监督检查消极配合) against the department it was assigned to. Judged by the record: a reply
 * recorded after the deadline does not clear it, whatever date it claims. The message names no complainant.
 */
export function detectComplaintAlerts(
  events: readonly RecordedDomainEvent<ComplaintEvent>[],
  now: string,
  calendar: WorkingCalendar,
): StreamDetection<AlertFact> {
  const state = fold(
    complaintDecider,
    events.map((e) => e.event),
  );
  const facts: AlertFact[] = [];
  let nextCheckAt: string | null = null;
  for (const round of state.rounds) {
    const dueOn = round.replyDueOn ?? calendar.addWorkingDays(round.assignedOn, round.replyWithinWorkingDays);
    const dueEnd = endOfWorkingDay(dueOn);
    const repliedInTime = round.reply !== undefined && Date.parse(round.reply.recordedAt) <= Date.parse(dueEnd);
    if (repliedInTime) continue;
    if (Date.parse(now) <= Date.parse(dueEnd)) {
      if (round.reply === undefined) nextCheckAt = new Date(Date.parse(dueEnd) + 1).toISOString();
      continue;
    }
    const assigned = events.find(
      (e): e is RecordedDomainEvent<ComplaintAssigned> =>
        e.event.type === 'ComplaintAssigned' && e.event.data.round === round.round,
    )!;
    facts.push({
      alertId: `complaint:${state.complaintId}:r${round.round}:g9:${COMPLAINT_REPLY_OVERDUE}`,
      ground: 9,
      level: 'yellow',
      department: round.department,
      subject: { kind: 'complaint', id: state.complaintId },
      cause: COMPLAINT_REPLY_OVERDUE,
      evidence: [assigned.eventId],
      message:
        `投诉件${state.complaintId}（第${round.round}次交办）答复期限${dueOn}届满未答复 / complaint ` +
        `${state.complaintId} (round ${round.round}) not replied by ${dueOn}`,
    });
  }
  return { facts, nextCheckAt };
}
