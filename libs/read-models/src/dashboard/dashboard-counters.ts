import { shanghaiDate } from '@app/domain';

/** Facts kept for lookups only: no figure counts them. */
export const UNCOUNTED: readonly string[] = ['catalogue.owner', 'cases.personNamed', 'complaints.assigned'];

/** Metrics whose facts open a state that a later fact ends (an alert resolved, an overdue operation completed, …). */
export const ENDING_METRICS: ReadonlySet<string> = new Set([
  'alerts.raised',
  'findings.recorded',
  'rectifications.ordered',
  'operations.deadlinePassed',
]);

/** Operations with a passed deadline on record, one per operation (an operation may miss both of its deadlines). */
export const OVERDUE_ITEMS = 'operations.overdueItems';

/** The counter of the ends of a metric's states: `alerts.raised:ended`. */
export const endedMetric = (metric: string): string => `${metric}:ended`;

/** What a counter needs of a new fact. */
export interface CountedFact {
  metric: string;
  department: string;
  occurredOn: string;
  recordedAt: string;
  dim1?: string | null;
  dim2?: string | null;
  value?: number | null;
  /** Set when the fact's state had already ended on recording. */
  endedAt?: string | null;
}

/** A fact whose state a batch ended, as the update returns it. */
export interface EndedFact {
  metric: string;
  department: string;
  item_id: string;
  occurred_on: string;
  position: string;
  recorded_at: Date;
  ended_at: Date;
}

/**
 * When an operation was overdue, by the record: from the earliest recording of a passed deadline to the recording of
 * its completion (which ends all its passed deadlines at once); `ended_at` is null while it is not completed.
 */
export interface OverdueSpan {
  item_id: string;
  department: string;
  /** The day the earliest recorded passed deadline claims: the month whose counter holds the operation. */
  occurred_on: string;
  first_recorded_at: Date;
  ended_at: Date | null;
}

/** One counter's change on one recording day, and the batch's changes of that counter up to that day. */
export interface CounterRow {
  month: string;
  department: string;
  metric: string;
  dim1: string;
  dim2: string;
  recordedOn: string;
  n: number;
  valued: number;
  total: number;
  cumN: number;
  cumValued: number;
  cumTotal: number;
}

const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/**
 * The day an end counts on: the end is on record once both the fact and its end are (a deadline alert raised after
 * the operation's completion is ended from the start, on the day the alert was recorded).
 */
const endedOn = (recordedAt: string, endedAt: string): string =>
  shanghaiDate(Date.parse(endedAt) > Date.parse(recordedAt) ? endedAt : recordedAt);

/** The changes a batch makes to the dashboards' counters, per counter and recording day (Asia/Shanghai). */
export class CounterDeltas {
  private readonly deltas = new Map<string, Omit<CounterRow, 'cumN' | 'cumValued' | 'cumTotal'>>();

  addFact(fact: CountedFact): void {
    if (UNCOUNTED.includes(fact.metric)) return;
    const month = monthOf(fact.occurredOn);
    const recordedOn = shanghaiDate(fact.recordedAt);
    const value = fact.value ?? null;
    this.add(month, fact.department, fact.metric, fact.dim1 ?? '', fact.dim2 ?? '', recordedOn, value);
    const ended = fact.endedAt ? endedOn(fact.recordedAt, fact.endedAt) : undefined;
    if (ENDING_METRICS.has(fact.metric) && ended !== undefined)
      this.add(month, fact.department, endedMetric(fact.metric), '', '', ended, null);
  }

  /** The ends of states a batch recorded. */
  addEndings(facts: readonly EndedFact[]): void {
    for (const fact of facts) {
      const day = endedOn(fact.recorded_at.toISOString(), fact.ended_at.toISOString());
      this.add(monthOf(fact.occurred_on), fact.department, endedMetric(fact.metric), '', '', day, null);
    }
  }

  /**
   * Moves the overdue operations' counters from their spans before a batch to their spans after it. An operation
   * counts once however many of its deadlines passed, from its earliest recorded passed deadline: a deadline
   * recorded earlier than the ones already on record (facts are not always projected in the order of their
   * recording) moves the operation's start.
   */
  moveOverdueSpans(before: readonly OverdueSpan[], after: readonly OverdueSpan[]): void {
    for (const span of before) this.addOverdueSpan(span, -1);
    for (const span of after) this.addOverdueSpan(span, 1);
  }

  private addOverdueSpan(span: OverdueSpan, sign: 1 | -1): void {
    const month = monthOf(span.occurred_on);
    const first = span.first_recorded_at.toISOString();
    this.add(month, span.department, OVERDUE_ITEMS, '', '', shanghaiDate(first), null, sign);
    if (span.ended_at !== null)
      this.add(
        month,
        span.department,
        endedMetric(OVERDUE_ITEMS),
        '',
        '',
        endedOn(first, span.ended_at.toISOString()),
        null,
        sign,
      );
  }

  isEmpty(): boolean {
    return this.deltas.size === 0;
  }

  /** One row per counter and day, each with the batch's changes of its counter up to and including that day. */
  rows(): CounterRow[] {
    const sorted = [...this.deltas.values()]
      .map((delta) => ({ delta, counter: counterKey(delta) }))
      .sort((a, b) =>
        a.counter === b.counter ? a.delta.recordedOn.localeCompare(b.delta.recordedOn) : a.counter < b.counter ? -1 : 1,
      );
    const rows: CounterRow[] = [];
    let sum = { counter: '', n: 0, valued: 0, total: 0 };
    for (const { delta, counter } of sorted) {
      if (counter !== sum.counter) sum = { counter, n: 0, valued: 0, total: 0 };
      sum.n += delta.n;
      sum.valued += delta.valued;
      sum.total += delta.total;
      rows.push({ ...delta, cumN: sum.n, cumValued: sum.valued, cumTotal: sum.total });
    }
    return rows;
  }

  private add(
    month: string,
    department: string,
    metric: string,
    dim1: string,
    dim2: string,
    recordedOn: string,
    value: number | null,
    sign: 1 | -1 = 1,
  ): void {
    const key = [month, department, metric, dim1, dim2, recordedOn].join('\u0000');
    const delta = this.deltas.get(key) ?? {
      month,
      department,
      metric,
      dim1,
      dim2,
      recordedOn,
      n: 0,
      valued: 0,
      total: 0,
    };
    delta.n += sign;
    if (value !== null) {
      delta.valued += sign;
      delta.total += sign * value;
    }
    this.deltas.set(key, delta);
  }
}

const counterKey = (row: { month: string; department: string; metric: string; dim1: string; dim2: string }): string =>
  [row.month, row.department, row.metric, row.dim1, row.dim2].join('\u0000');
