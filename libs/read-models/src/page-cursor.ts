import { DomainError } from '@app/domain';

/** 400 INVALID_CURSOR: the `cursor` of a list was not a `nextCursor` this API gave. */
export const invalidCursor = (): DomainError =>
  new DomainError(
    'INVALID_CURSOR',
    'validation',
    'The cursor was not issued by this API',
    {},
    { cursor: ['must be a nextCursor returned by a previous page'] },
  );

/** The cursor of a list read newest first by log position: the next page holds what lies before `position`. */
export const encodePositionCursor = (position: number): string =>
  Buffer.from(JSON.stringify({ before: position })).toString('base64url');

export function decodePositionCursor(cursor: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
    if (Number.isSafeInteger(decoded.before) && (decoded.before as number) > 0) return decoded.before as number;
  } catch {
    // Falls through: anything that is not our JSON is equally invalid.
  }
  throw invalidCursor();
}
