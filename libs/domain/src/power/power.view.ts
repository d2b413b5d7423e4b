import { isPowerLifecycleEvent, RecordedPowerEvent } from './power.events';
import { factOf, snapshotOn } from './power.state';
import { PowerAttributes, PowerStatus, PowerWarning } from './power.types';
import { Issues } from './power.issues';
import { isValidDate, isValidTimestamp, shanghaiDate } from '../shared/values';

/** Every grant, change, transfer or cancellation must be published within this many working days (docs/domain.md). */
export const DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS = 20;

export interface PowerViewAt {
  /** YYYY-MM-DD, effective time: which facts had taken effect on that day. */
  asOf?: string;
  /** ISO-8601 timestamp, recorded time: which facts had been recorded by then. */
  knownAt?: string;
}

export interface PowerView {
  code: string;
  attributes: PowerAttributes;
  /** The department holding the power on `asOf`. */
  department: string;
  status: PowerStatus;
  /** The grant's effective date. */
  effectiveFrom: string;
  warnings: PowerWarning[];
  /** The highest stream version known at `knownAt`. */
  version: number;
  lastPublishedOn: string | null;
  publication: { channel: string; publishedOn: string; url?: string } | null;
}

/**
 * The power as the catalogue showed it: only events recorded at or before `knownAt` count (all when absent); of
 * their facts, those effective on or before `asOf` (default `today`) apply, in order of (effectiveFrom, version).
 * Undefined when the power had not been recorded by `knownAt`.
 */
export function powerView(
  events: readonly RecordedPowerEvent[],
  at: PowerViewAt,
  today: string,
): PowerView | undefined {
  const issues = new Issues();
  if (at.asOf !== undefined && !isValidDate(at.asOf)) issues.add('INVALID_DATE', 'asOf', 'must be a date YYYY-MM-DD');
  if (at.knownAt !== undefined && !isValidTimestamp(at.knownAt)) {
    issues.add('INVALID_TIMESTAMP', 'knownAt', 'must be an ISO-8601 timestamp with offset');
  }
  if (at.asOf === undefined && !isValidDate(today)) issues.add('INVALID_DATE', 'today', 'must be a date YYYY-MM-DD');
  issues.throwIfAny();

  const asOf = at.asOf ?? today;
  const knownAt = at.knownAt === undefined ? undefined : Date.parse(at.knownAt);
  const known = knownAt === undefined ? events : events.filter((e) => Date.parse(e.recordedAt) <= knownAt);

  const facts = known.flatMap(({ event, version }) => (isPowerLifecycleEvent(event) ? [factOf(event, version)] : []));
  const snapshot = snapshotOn(facts, asOf);
  if (!snapshot) return undefined;

  let publication: PowerView['publication'] = null;
  for (const { event } of [...known].sort((a, b) => a.version - b.version)) {
    if (event.type !== 'PowerPublished' || event.data.publishedOn > asOf) continue;
    if (publication && publication.publishedOn > event.data.publishedOn) continue;
    const { channel, publishedOn, url } = event.data;
    publication = { channel, publishedOn, ...(url !== undefined ? { url } : {}) };
  }

  return {
    code: snapshot.attributes.code,
    attributes: snapshot.attributes,
    department: snapshot.attributes.department,
    status: snapshot.status,
    effectiveFrom: snapshot.effectiveFrom,
    warnings: snapshot.warnings,
    version: Math.max(...known.map((e) => e.version)),
    lastPublishedOn: publication?.publishedOn ?? null,
    publication,
  };
}

/**
 * What the public may know of a power's events (公开): the publications, and the facts recorded before the latest of
 * them, since a publication discloses the version current when it is recorded. Proposals, and facts recorded since,
 * are not disclosed; a view of what this returns is the last published version.
 */
export function disclosedEvents(events: readonly RecordedPowerEvent[]): RecordedPowerEvent[] {
  const lastPublication = Math.max(0, ...events.filter((e) => e.event.type === 'PowerPublished').map((e) => e.version));
  return events.filter(
    ({ event, version }) =>
      event.type === 'PowerPublished' || (isPowerLifecycleEvent(event) && version < lastPublication),
  );
}

export interface PublicationDuty {
  lastPublishedOn: string | null;
  /** Due date of the earliest fact no publication covers yet; null when all are covered. */
  dueBy: string | null;
  overdue: boolean;
}

/**
 * The publication duty (上述内容发生变更时,必须在20个工作日内...修订): each lifecycle fact must be published within
 * `limitWorkingDays` working days of the Asia/Shanghai day it was recorded; a publication on day P covers every fact
 * recorded on or before P. The working-day calendar is the caller's (`addWorkingDays`).
 */
export function publicationDuty(
  facts: readonly { recordedAt: string }[],
  publications: readonly { publishedOn: string }[],
  limitWorkingDays: number,
  addWorkingDays: (date: string, n: number) => string,
  today: string,
): PublicationDuty {
  const lastPublishedOn = publications.reduce<string | null>(
    (last, p) => (last === null || p.publishedOn > last ? p.publishedOn : last),
    null,
  );
  const uncovered = facts
    .map((f) => shanghaiDate(f.recordedAt))
    .filter((recordedOn) => lastPublishedOn === null || recordedOn > lastPublishedOn)
    .sort();
  if (uncovered.length === 0) return { lastPublishedOn, dueBy: null, overdue: false };
  const dueBy = addWorkingDays(uncovered[0], limitWorkingDays);
  return { lastPublishedOn, dueBy, overdue: today > dueBy };
}
