import { Inject, Injectable } from '@nestjs/common';
import { CaseAccessedData, CaseAccessKind, caseAccessStreamId, DomainError } from '@app/domain';
import { EVENT_STORE, EventStore, newEventId, VersionConflictError } from '@app/event-store';
import { Principal } from '@app/access';
import { actorOf } from '../auth/actor-of';
import { CaseAccessPageResponse } from './case.response.dto';
import { CaseAccessLogQuery } from './list-cases.request.dto';

/** How often a read's access record is retried when another read of the same case appended first. */
const ACCESS_APPEND_ATTEMPTS = 5;

const invalidCursor = () =>
  new DomainError(
    'INVALID_CURSOR',
    'validation',
    'The cursor was not issued by this API',
    {},
    { cursor: ['must be a nextCursor returned by a previous page'] },
  );

/** Who read a case, when and what: a stream of its own per case, appended on every read. */
@Injectable()
export class CaseAccessLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Every read is recorded before it is answered: who, when, what. The access log is a stream of its own, appended
   * without reading it; two reads racing for the same version simply try again.
   */
  async record(caseId: string, what: CaseAccessKind, principal: Principal): Promise<void> {
    const by = actorOf(principal);
    const data: CaseAccessedData = { caseId, what, by, at: new Date().toISOString() };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.store.append({
          streamId: caseAccessStreamId(caseId),
          expectedVersion: 'any',
          events: [{ eventId: newEventId(), type: 'CaseAccessed', data, metadata: { actor: by } }],
        });
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= ACCESS_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  /** The access log of a case, oldest first. */
  async page(caseId: string, query: CaseAccessLogQuery): Promise<CaseAccessPageResponse> {
    const limit = query.limit ?? 50;
    const fromVersion = query.cursor === undefined ? 1 : decodeVersion(query.cursor);
    const events = await this.store.readStream(caseAccessStreamId(caseId), {
      fromVersion,
      toVersion: fromVersion + limit,
    });
    const page = events.slice(0, limit);
    return {
      items: page.map((event) => {
        const { what, by, at } = event.data as CaseAccessedData;
        return { what, by, at, position: event.globalPosition };
      }),
      nextCursor: events.length > limit ? encodeVersion(page[page.length - 1].streamVersion + 1) : null,
    };
  }
}

const encodeVersion = (version: number): string => Buffer.from(JSON.stringify({ from: version })).toString('base64url');

function decodeVersion(cursor: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { from?: unknown };
    if (Number.isSafeInteger(decoded.from) && (decoded.from as number) > 0) return decoded.from as number;
  } catch {
    // Falls through: anything that is not our JSON is equally invalid.
  }
  throw invalidCursor();
}
