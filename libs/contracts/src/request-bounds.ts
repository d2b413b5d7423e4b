import { buildMessage, ValidateBy } from 'class-validator';
import { isValidDate } from '@app/domain';

/**
 * Bounds of the numbers and dates a request may give, so that every accepted fact stays usable: a time limit of
 * 1e300 days or an acceptance in the year 9999 would be stored, and break every deadline computed from it.
 */
export const REQUEST_BOUNDS = Object.freeze({
  /** Time limits and step durations: the longest statutory limits are a few hundred days. */
  days: 1000,
  /** Fines and fees, in yuan. */
  yuan: 1e12,
  /** Global log positions: beyond this a number no longer counts exactly. */
  position: Number.MAX_SAFE_INTEGER,
  /** The last day a fact may be dated. */
  latestDate: '2100-12-31',
});

/**
 * The earliest date a fact may be dated: MIN_PLAUSIBLE_DATE. The decorators below are applied as their classes
 * load, before the configuration is read, so each edge sets it here once at start-up (configureApp, the CLI).
 */
let earliestDate = '2000-01-01';

export function setEarliestPlausibleDate(date: string): void {
  earliestDate = date;
}

/** A date YYYY-MM-DD that exists and lies between MIN_PLAUSIBLE_DATE and 2100. */
export function isPlausibleDate(value: unknown): value is string {
  return isValidDate(value) && value >= earliestDate && value <= REQUEST_BOUNDS.latestDate;
}

/** "from 2000-01-01 to 2100-12-31", for messages. */
export function plausibleDates(): string {
  return `from ${earliestDate} to ${REQUEST_BOUNDS.latestDate}`;
}

/** The date of a fact: isPlausibleDate. A valid date out of bounds is told so; anything else gets the format. */
export function IsPlausibleDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isPlausibleDate',
    validator: {
      validate: isPlausibleDate,
      defaultMessage: buildMessage((each, args) =>
        isValidDate(args?.value)
          ? `${each}$property must be ${plausibleDates()}`
          : `${each}$property must be a valid date YYYY-MM-DD`,
      ),
    },
  });
}
