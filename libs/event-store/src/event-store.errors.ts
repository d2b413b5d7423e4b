import { DomainError } from '@app/domain';

/** The stream is not at the version the caller expected: someone else wrote first. Nothing was written. */
export class VersionConflictError extends DomainError {
  constructor(streamId: string, expected: string | number, actual: number) {
    super(
      'VERSION_CONFLICT',
      'conflict',
      `Stream ${streamId} is at version ${actual}, not at the expected ${expected === 0 ? 'no-stream' : expected}`,
      { streamId, expectedVersion: expected, actualVersion: actual },
    );
  }
}

/** An append reused event ids that are stored with other content or in another stream. */
export class DuplicateEventIdError extends DomainError {
  constructor(detail: string) {
    super('DUPLICATE_EVENT_ID', 'conflict', detail);
  }
}

/**
 * An event holds text that the store could keep but a read model could not: PostgreSQL's json column takes
 * `\u0000` and lone surrogates, jsonb and text columns refuse them, so one such event would stop a projection for
 * good. Nothing was written.
 */
export class UnstorableEventError extends DomainError {
  constructor(path: string, problem: string, eventType?: string) {
    super(
      'UNSTORABLE_TEXT',
      'validation',
      `The ${eventType ?? 'new'} event cannot be stored: ${path} contains ${problem}, which no read model can hold`,
      { path, ...(eventType === undefined ? {} : { eventType }) },
    );
  }
}
