/** What /health reports as it does, shared by the check and its documentation. */

/** Lag is counted up to this many events, so that a far-behind projection does not make /health slow. */
export const LAG_COUNTED_UP_TO = 100_000;
/**
 * The calendar is short when it is known fewer days ahead than this: legal time limits run to 60 working days and
 * more, about three months, so an operation accepted today may need next year's calendar within that time.
 */
export const CALENDAR_AHEAD_DAYS = 90;

/**
 * How long /health waits for the database before it answers with the last check's report instead (marked
 * `fresh: false`): under a flood the database may take hundreds of milliseconds, and a probe must not.
 */
export const ANSWER_WITHIN_MS = 25;
