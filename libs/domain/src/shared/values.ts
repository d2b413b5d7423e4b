import { compact } from './compact';

/**
 * The shared kernel of the domain modules: dates, instants and texts as every command carries them, the digest
 * pattern of documents, and the legal-basis normalisation that powers and operations share. Modules import these
 * from here, never from one another's validation (a dependency rule says so).
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isValidTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP_PATTERN.exec(value);
  return match !== null && isValidDate(match[1]) && Number.isFinite(Date.parse(value));
}

/**
 * The Asia/Shanghai calendar date of an instant (China has kept +08:00 without daylight saving since 1991). Deadlines
 * and detectors call it many times per operation: the fields are read directly rather than through toISOString,
 * which costs twice as much; years outside 1000–9999 (and invalid instants, which throw) take toISOString's path.
 */
export function shanghaiDate(timestamp: string): string {
  const date = new Date(Date.parse(timestamp) + SHANGHAI_OFFSET_MS);
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return date.toISOString().slice(0, 10);
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A document's SHA-256 digest, 64 hex digits: documents are referred to by digest, never stored inline. */
export const OPERATION_SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;

/** A legal basis as recorded: known keys only, empty ones dropped. */
export function normalizeLegalBasis<T extends { title: string; article: string; text?: string }>(
  list: readonly T[],
): { title: string; article: string; text?: string }[] {
  return list.map((b) => compact({ title: b.title, article: b.article, text: b.text }));
}

/** A document cited by name and the SHA-256 of its content (the file itself is kept outside the log). */
export interface DocumentRef {
  name: string;
  sha256: string;
}

/** What every command of the supervision office's streams carries: who (a principal id, with a department key's department) and when it was recorded. */
export interface CommandStamp {
  by: string;
  byDepartment?: string;
  recordedAt: string;
}
