import { WorkingCalendar } from '../calendar/working-calendar';
import { addCalendarDays, startOfShanghaiDay } from '../operation/operation.deadlines';
import { powerDecider } from '../power/power.decide';
import { isPowerLifecycleEvent, PowerLifecycleEvent, RecordedPowerEvent } from '../power/power.events';
import { ownerOn } from '../power/power.state';
import { shanghaiDate } from '../shared/values';
import { publicationDuty } from '../power/power.view';
import { AlertFact } from './alert.types';

/**
 * Grounds 2 and 4 for the power catalogue: every grant, change, transfer or cancellation must be published within
 * the limit (20 working days by default) of the Asia/Shanghai day it was recorded (docs/domain.md; the rule is the
 * power folder's `publicationDuty`). An unpublished grant is ground 2 (not disclosing what must be disclosed), an
 * unpublished change, transfer or cancellation ground 4 (not disclosing a change in time). Judged by the record: a
 * publication recorded after the due date does not clear the duty, whatever `publishedOn` it claims; and recorded
 * more than the allowed working days after its `publishedOn` it is a late record (ground 1, yellow). A classified
 * power (涉密不宜公开) has no publication duty: its classification is reviewed instead. A penalty power that declares
 * no discretion bands has not published its discretion standard (ground 2): one alert on the power.
 */

/** A power event as read from the store, with the id that alerts cite as evidence. */
export interface IdentifiedPowerEvent extends RecordedPowerEvent {
  eventId: string;
}

export interface PowerPublicationAlertContext {
  /** PUBLICATION_LIMIT_WORKING_DAYS; DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS in the power folder. */
  limitWorkingDays: number;
  calendar: WorkingCalendar;
  /** LATE_RECORD_WORKING_DAYS: a publication recorded later than this after its `publishedOn` is late; 3 if absent. */
  lateRecordWorkingDays?: number;
}

const DEFAULT_LATE_RECORD_WORKING_DAYS = 3;

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
    event.type === 'PowerPublished'
      ? [{ publishedOn: event.data.publishedOn, recordedOn: shanghaiDate(event.data.recordedAt) }]
      : [],
  );
  const addWorkingDays = (date: string, n: number) => context.calendar.addWorkingDays(date, n);
  const duties: FactDuty[] = [];
  let state = powerDecider.initialState;
  for (const recorded of ordered) {
    state = powerDecider.evolve(state, recorded.event);
    const { event } = recorded;
    if (!isPowerLifecycleEvent(event) || state.status === 'absent') continue;
    if (state.attributes.classification.classified) continue;
    const fact = { recordedAt: event.data.recordedAt };
    const recordedOn = shanghaiDate(fact.recordedAt);
    // Any day after the due date will do as `today` here: only dueBy and coverage are read.
    const dueBy = publicationDuty([fact], [], context.limitWorkingDays, addWorkingDays, recordedOn).dueBy!;
    const inTime = publications.filter((p) => p.publishedOn <= dueBy && p.recordedOn <= dueBy);
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
  return [
    ...unpublishedFacts(events, today, context),
    ...latePublicationRecords(events, context),
    ...discretionStandardMissing(events, today, context),
  ];
}

function unpublishedFacts(
  events: readonly IdentifiedPowerEvent[],
  today: string,
  context: PowerPublicationAlertContext,
): AlertFact[] {
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

/** Ground 1: a publication recorded more than the allowed working days after the `publishedOn` it claims. */
function latePublicationRecords(
  events: readonly IdentifiedPowerEvent[],
  context: PowerPublicationAlertContext,
): AlertFact[] {
  const limit = context.lateRecordWorkingDays ?? DEFAULT_LATE_RECORD_WORKING_DAYS;
  const ordered = [...events].sort((a, b) => a.version - b.version);
  let state = powerDecider.initialState;
  const alerts: AlertFact[] = [];
  for (const recorded of ordered) {
    state = powerDecider.evolve(state, recorded.event);
    const { event } = recorded;
    if (event.type !== 'PowerPublished' || state.status === 'absent') continue;
    const { code, publishedOn } = event.data;
    const recordedOn = shanghaiDate(event.data.recordedAt);
    // Fewer calendar days than the limit cannot hold more working days: no calendar needed.
    if (addCalendarDays(publishedOn, limit) >= recordedOn) continue;
    const late = context.calendar.workingDaysBetween(publishedOn, recordedOn);
    if (late <= limit) continue;
    alerts.push({
      alertId: `power:${code}:g1:late-record:v${recorded.version}`,
      ground: 1,
      level: 'yellow',
      department: ownerOn(state, recordedOn),
      subject: { kind: 'power', id: code },
      cause: `late-record:v${recorded.version}`,
      evidence: [recorded.eventId],
      message:
        `职权${code}的公开称于${publishedOn}发布，第${late}个工作日后才登记（应在${limit}个工作日内）` +
        ` / The publication of power ${code} claimed for ${publishedOn} was recorded ${late} working days later` +
        ` (limit ${limit})`,
    });
  }
  return alerts;
}

interface StandardGap {
  /** The fact after which the power, as recorded, was a penalty power without discretion bands. */
  recorded: IdentifiedPowerEvent;
  department: string;
  dueBy: string;
  /** The Asia/Shanghai day a later fact gave it bands (or made it no longer need them); null while none did. */
  closedOn: string | null;
}

/**
 * The periods in which the power, as recorded, was an unclassified penalty power in the catalogue without discretion
 * bands; each must be closed within the publication limit of the fact that opened it.
 */
function standardGaps(events: readonly IdentifiedPowerEvent[], context: PowerPublicationAlertContext): StandardGap[] {
  const ordered = [...events].sort((a, b) => a.version - b.version);
  const gaps: StandardGap[] = [];
  let open: StandardGap | undefined;
  let state = powerDecider.initialState;
  for (const recorded of ordered) {
    state = powerDecider.evolve(state, recorded.event);
    if (!isPowerLifecycleEvent(recorded.event) || state.status === 'absent') continue;
    const { category, classification, discretion } = state.attributes;
    const lacking =
      state.status === 'granted' && category === 'penalty' && !classification.classified && !discretion?.length;
    const recordedOn = shanghaiDate(recorded.event.data.recordedAt);
    if (lacking && open === undefined) {
      open = {
        recorded,
        department: ownerOn(state, recordedOn),
        dueBy: context.calendar.addWorkingDays(recordedOn, context.limitWorkingDays),
        closedOn: null,
      };
      gaps.push(open);
    } else if (!lacking && open !== undefined) {
      open.closedOn = recordedOn;
      open = undefined;
    }
  }
  return gaps;
}

/** One alert per power, from the first gap not closed by its due date, once that date has passed. */
function discretionStandardMissing(
  events: readonly IdentifiedPowerEvent[],
  today: string,
  context: PowerPublicationAlertContext,
): AlertFact[] {
  const gap = standardGaps(events, context).find((g) => (g.closedOn === null ? today : g.closedOn) > g.dueBy);
  if (!gap) return [];
  const { code } = gap.recorded.event.data;
  return [
    {
      alertId: `power:${code}:g2:discretion-standard-not-published`,
      ground: 2,
      level: 'red',
      department: gap.department,
      subject: { kind: 'power', id: code },
      cause: 'discretion-standard-not-published',
      evidence: [gap.recorded.eventId],
      message:
        `行政处罚职权${code}未在${gap.dueBy}前公布自由裁量基准 / Penalty power ${code} declared no discretion standard` +
        ` (bands) by ${gap.dueBy}`,
    },
  ];
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
  const dueDates = [
    ...factDuties(events, context)
      .filter((duty) => !duty.publishedInTime)
      .map((duty) => duty.dueBy),
    ...standardGaps(events, context)
      .filter((gap) => gap.closedOn === null)
      .map((gap) => gap.dueBy),
  ];
  const moments = dueDates
    .map((dueBy) => startOfShanghaiDay(addCalendarDays(dueBy, 1)))
    .filter((moment) => Date.parse(moment) > Date.parse(now))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return moments[0] ?? null;
}
