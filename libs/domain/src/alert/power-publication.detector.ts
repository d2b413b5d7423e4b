import { WorkingCalendar } from '../calendar/working-calendar';
import { addCalendarDays, startOfShanghaiDay } from '../operation/operation.deadlines';
import { powerDecider } from '../power/power.decide';
import { isPowerLifecycleEvent, PowerLifecycleEvent, RecordedPowerEvent } from '../power/power.events';
import { ownerOn } from '../power/power.state';
import { shanghaiDate } from '../power/power.validation';
import { publicationDuty } from '../power/power.view';
import { AlertFact } from './alert.types';

/**
 * Grounds 2 and 4 for the power catalogue: every grant, change, transfer or cancellation must be published within
 * the limit (20 working days by default) of the Asia/Shanghai day it was recorded (DOMAIN.md; the rule is the
 * power folder's `publicationDuty`). An unpublished grant is ground 2 (not disclosing what must be disclosed), an
 * unpublished change, transfer or cancellation ground 4 (not disclosing a change in time).
 */

/** A power event as read from the store, with the id that alerts cite as evidence. */
export interface IdentifiedPowerEvent extends RecordedPowerEvent {
  eventId: string;
}

export interface PowerPublicationAlertContext {
  /** PUBLICATION_LIMIT_WORKING_DAYS; DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS in the power folder. */
  limitWorkingDays: number;
  calendar: WorkingCalendar;
}

const FACTS: Readonly<Record<PowerLifecycleEvent['type'], { ground: 2 | 4; cause: string; zh: string; en: string }>> = {
  PowerGranted: { ground: 2, cause: 'grant-not-published', zh: '设定', en: 'grant' },
  PowerChanged: { ground: 4, cause: 'change-not-published', zh: '变更', en: 'change' },
  PowerTransferred: { ground: 4, cause: 'transfer-not-published', zh: '转移', en: 'transfer' },
  PowerCancelled: { ground: 4, cause: 'cancellation-not-published', zh: '取消', en: 'cancellation' },
};

interface FactDuty {
  recorded: IdentifiedPowerEvent;
  event: PowerLifecycleEvent;
  recordedOn: string;
  dueBy: string;
  /** Whether a publication on or after the recording day and no later than `dueBy` covers it. */
  publishedInTime: boolean;
  /** Who held the power on the day the fact was recorded: the department answerable for publishing it. */
  department: string;
}

function factDuties(events: readonly IdentifiedPowerEvent[], context: PowerPublicationAlertContext): FactDuty[] {
  const ordered = [...events].sort((a, b) => a.version - b.version);
  const publications = ordered.flatMap(({ event }) =>
    event.type === 'PowerPublished' ? [{ publishedOn: event.data.publishedOn }] : [],
  );
  const addWorkingDays = (date: string, n: number) => context.calendar.addWorkingDays(date, n);
  const duties: FactDuty[] = [];
  let state = powerDecider.initialState;
  for (const recorded of ordered) {
    state = powerDecider.evolve(state, recorded.event);
    const { event } = recorded;
    if (!isPowerLifecycleEvent(event) || state.status === 'absent') continue;
    const fact = { recordedAt: event.data.recordedAt };
    const recordedOn = shanghaiDate(fact.recordedAt);
    // Any day after the due date will do as `today` here: only dueBy and coverage are read.
    const dueBy = publicationDuty([fact], [], context.limitWorkingDays, addWorkingDays, recordedOn).dueBy!;
    const inTime = publications.filter((p) => p.publishedOn <= dueBy);
    const { dueBy: stillDue } = publicationDuty([fact], inTime, context.limitWorkingDays, addWorkingDays, recordedOn);
    duties.push({
      recorded,
      event,
      recordedOn,
      dueBy,
      publishedInTime: stillDue === null,
      department: ownerOn(state, recordedOn),
    });
  }
  return duties;
}

/**
 * One red alert per lifecycle fact not published by its due date, once `now` is past that date (or once it was
 * published late: a late publication does not undo the violation, and the alert must not depend on when the
 * detector happened to run). Its id names the fact's stream version, its evidence the fact's event id.
 */
export function detectPowerPublicationAlerts(
  events: readonly IdentifiedPowerEvent[],
  now: string,
  context: PowerPublicationAlertContext,
): AlertFact[] {
  const today = shanghaiDate(now);
  return factDuties(events, context)
    .filter((duty) => !duty.publishedInTime && today > duty.dueBy)
    .map(({ recorded, event, recordedOn, dueBy, department }) => {
      const { ground, cause, zh, en } = FACTS[event.type];
      const { code } = event.data;
      return {
        alertId: `power:${code}:g${ground}:${cause}:v${recorded.version}`,
        ground,
        level: 'red',
        department,
        subject: { kind: 'power', id: code },
        cause,
        evidence: [recorded.eventId],
        message:
          `职权${code}的${zh}（${recordedOn}登记）未在${dueBy}前公开` +
          ` / The ${en} of power ${code} recorded on ${recordedOn} was not published by ${dueBy}`,
      };
    });
}

/**
 * The next instant after `now` at which `detectPowerPublicationAlerts` could raise an alert without a new event: the
 * start of the day after the earliest due date not yet passed of a fact not published. Null when there is none.
 */
export function nextPowerPublicationCheckAt(
  events: readonly IdentifiedPowerEvent[],
  now: string,
  context: PowerPublicationAlertContext,
): string | null {
  const moments = factDuties(events, context)
    .filter((duty) => !duty.publishedInTime)
    .map((duty) => startOfShanghaiDay(addCalendarDays(duty.dueBy, 1)))
    .filter((moment) => Date.parse(moment) > Date.parse(now))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return moments[0] ?? null;
}
