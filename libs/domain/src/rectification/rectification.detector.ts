import { AlertFact } from '../alert/alert.types';
import { endOfWorkingDay } from '../calendar/calendar-date';
import { WorkingCalendar } from '../calendar/working-calendar';
import { fold } from '../shared/decider';
import { RecordedDomainEvent, StreamDetection } from '../shared/recorded';
import { rectificationDecider } from './rectification.decide';
import { RectificationEvent } from './rectification.types';

export const RECTIFICATION_OVERDUE = 'rectification-overdue';

/**
 * Ground 9 (对监督检查消极配合或抵制), red: the order's last working day has ended and no report recorded by then was
 * accepted. A report on record in time that awaits the office's decision holds the card back until it is decided
 * (the department did its part in time); rejected, it no longer counts. Judged by when reports were recorded.
 */
export function detectRectificationAlerts(
  events: readonly RecordedDomainEvent<RectificationEvent>[],
  now: string,
  calendar: WorkingCalendar,
): StreamDetection<AlertFact> {
  const state = fold(
    rectificationDecider,
    events.map((e) => e.event),
  );
  if (state.order === undefined) return { facts: [], nextCheckAt: null };
  const { order } = state;
  const dueOn = order.dueOn ?? calendar.addWorkingDays(order.orderedOn, order.withinWorkingDays);
  const dueEnd = Date.parse(endOfWorkingDay(dueOn));
  const inTime = state.reports.filter((report) => Date.parse(report.recordedAt) <= dueEnd);
  if (inTime.some((report) => report.outcome === 'accepted')) return { facts: [], nextCheckAt: null };
  if (Date.parse(now) <= dueEnd) {
    return { facts: [], nextCheckAt: state.status === 'accepted' ? null : new Date(dueEnd + 1).toISOString() };
  }
  if (inTime.some((report) => report.outcome === 'pending')) return { facts: [], nextCheckAt: null };
  const evidence = events
    .filter((e) => e.event.type === 'RectificationOrdered' || e.event.type === 'RectificationReportRejected')
    .map((e) => e.eventId);
  return {
    facts: [
      {
        alertId: `rectification:${state.rectificationId}:g9:${RECTIFICATION_OVERDUE}`,
        ground: 9,
        level: 'red',
        department: order.department,
        subject: { kind: 'rectification', id: state.rectificationId },
        cause: RECTIFICATION_OVERDUE,
        evidence,
        message:
          `整改通知${state.rectificationId}整改期限${dueOn}届满未通过验收 / rectification order ` +
          `${state.rectificationId} not accepted by its deadline ${dueOn}`,
      },
    ],
    nextCheckAt: null,
  };
}
