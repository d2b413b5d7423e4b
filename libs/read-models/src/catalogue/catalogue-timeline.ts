import { isPowerLifecycleEvent, PowerView, powerView, RecordedPowerEvent } from '@app/domain';

/** The power as it stands on every day of [validFrom, validTo); null bounds are open. */
export interface CatalogueSegment {
  validFrom: string | null;
  validTo: string | null;
  view: PowerView;
  /** Whether any publication is among the events: the public sees only powers disclosed at least once. */
  publishedEver: boolean;
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The effective timeline of a power from the events known at one recording time. The view changes only on a day
 * some fact takes effect or a publication is made, so those days cut the timeline; each segment is the domain's
 * `powerView` as of its first day (the open segment before the first cut as of the day before it: the grant not yet
 * in force). Neighbouring segments that look the same are merged. Empty when the events hold no grant.
 */
export function catalogueTimeline(events: readonly RecordedPowerEvent[]): CatalogueSegment[] {
  const cuts = [
    ...new Set(
      events.flatMap(({ event }) =>
        isPowerLifecycleEvent(event)
          ? [event.data.effectiveFrom]
          : event.type === 'PowerPublished'
            ? [event.data.publishedOn]
            : [],
      ),
    ),
  ].sort();
  if (cuts.length === 0) return [];
  const publishedEver = events.some(({ event }) => event.type === 'PowerPublished');
  const starts: (string | null)[] = [null, ...cuts];
  const segments: CatalogueSegment[] = [];
  starts.forEach((validFrom, i) => {
    const asOf = validFrom ?? dayBefore(cuts[0]);
    const view = powerView(events, { asOf }, asOf);
    if (!view) return;
    const validTo = i + 1 < starts.length ? starts[i + 1] : null;
    const previous = segments[segments.length - 1];
    if (previous && previous.validTo === validFrom && sameView(previous.view, view)) previous.validTo = validTo;
    else segments.push({ validFrom, validTo, view, publishedEver });
  });
  return segments;
}

function sameView(a: PowerView, b: PowerView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
