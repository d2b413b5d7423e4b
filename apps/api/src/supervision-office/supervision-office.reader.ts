import { Inject, Injectable } from '@nestjs/common';
import {
  complaintDecider,
  ComplaintEvent,
  ComplaintState,
  complaintStreamId,
  complaintView,
  ComplaintView,
  DomainError,
  fold,
  publicComplaintView,
  PublicComplaintView,
  shanghaiDate,
  supervisionViewerOf,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Principal } from '@app/access';
import { Clock } from '@app/platform';
import { ReadYourWrites } from '../http/read-your-writes';
import { SUPERVISION_RECORDS_PROJECTION, SupervisionRecordKind, SupervisionRecordsQueries } from '@app/read-models';
import { ListRecordsQuery } from './list-records.request.dto';
import {
  canSee,
  forbiddenDepartment,
  KINDS,
  sha256,
  complaintIdOfTracking,
  StateOf,
  TRACKING_CODE,
} from './supervision-records';

/**
 * The supervision office's records as their streams hold them (no projection lag) and as lists from the read model,
 * each shown only to who may see it.
 */
@Injectable()
export class SupervisionOfficeReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: SupervisionRecordsQueries,
    private readonly readYourWrites: ReadYourWrites,
    private readonly clock: Clock,
  ) {}

  /** The record as its stream holds it (no projection lag), or 404, also for a department not allowed to see it. */
  async read<K extends SupervisionRecordKind>(kind: K, id: string, principal: Principal): Promise<StateOf<K>> {
    const state = await this.state(kind, id);
    if (!canSee(kind, state, supervisionViewerOf(principal))) throw KINDS[kind].notFound(id);
    return state;
  }

  async state<K extends SupervisionRecordKind>(kind: K, id: string): Promise<StateOf<K>> {
    const record = KINDS[kind];
    if (!record.pattern.test(id)) throw record.notFound(id);
    const events = await this.store.readStream(record.streamId(id));
    const state = fold(
      record.decider,
      events.map((e) => ({ type: e.type, data: e.data })),
    );
    if (state.status === 'absent') throw record.notFound(id);
    return state as StateOf<K>;
  }

  async list<K extends SupervisionRecordKind>(
    kind: K,
    query: ListRecordsQuery,
    principal: Principal,
  ): Promise<{ items: StateOf<K>[]; nextCursor: string | null }> {
    const viewer = supervisionViewerOf(principal);
    if (viewer.kind === 'department' && query.department !== undefined && query.department !== viewer.department) {
      throw forbiddenDepartment(query.department);
    }
    await this.readYourWrites.reach(SUPERVISION_RECORDS_PROJECTION, query.minPosition);
    const page = await this.queries.list<StateOf<K>>(
      kind,
      {
        department: viewer.kind === 'department' ? viewer.department : query.department,
        status: query.status,
        from: query.from,
        to: query.to,
        overdueOn: query.overdue === true ? shanghaiDate(this.clock.now().toISOString()) : undefined,
      },
      { limit: query.limit, cursor: query.cursor },
    );
    // Rows a department may not see (a covert inspection before its report) are left out of its page.
    return { items: page.items.filter((state) => canSee(kind, state, viewer)), nextCursor: page.nextCursor };
  }

  complaintView(state: ComplaintState, principal: Principal): ComplaintView {
    return complaintView(state, supervisionViewerOf(principal));
  }

  async publicStatus(trackingCode: string): Promise<PublicComplaintView> {
    const notFound = new DomainError('TRACKING_CODE_NOT_FOUND', 'not-found', 'No complaint has this tracking code');
    const code = trackingCode.toUpperCase();
    if (!TRACKING_CODE.test(code)) throw notFound;
    const digest = sha256(code);
    const state = fold(
      complaintDecider,
      (await this.store.readStream(complaintStreamId(complaintIdOfTracking(digest)))).map(
        (e) => ({ type: e.type, data: e.data }) as ComplaintEvent,
      ),
    );
    if (state.status === 'absent' || state.received?.trackingCodeSha256 !== digest) throw notFound;
    return publicComplaintView(state, code);
  }
}
