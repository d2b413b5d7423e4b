import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  CASE_ID_PATTERN,
  caseDecider,
  CaseEvent,
  caseErrors,
  caseStreamId,
  DomainError,
  fold,
  RecordedCase,
  caseViewerOf,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Principal } from '@app/access';
import { ReadYourWrites } from '../http/read-your-writes';
import { canView, CaseResource, caseResource, CASES_PROJECTION, CasesQueries } from '@app/read-models';
import { CaseAccessPageResponse, CaseOutcomePageResponse, CasePageResponse } from './case.response.dto';
import { CaseAccessLogQuery, CaseOutcomesQuery, ListCasesQuery } from './list-cases.request.dto';
import { CaseAccessLog } from './case-access-log';

const forbiddenDepartment = (own: string | undefined, asked: string) =>
  new DomainError('FORBIDDEN_DEPARTMENT', 'forbidden', `Department ${own ?? '(none)'} may not read ${asked}'s cases`, {
    department: asked,
  });

/**
 * Accountability cases as their streams hold them, for who may see them, and as lists from the read model. Every
 * read of a case is recorded on its access log before it is answered.
 */
@Injectable()
export class CaseReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: CasesQueries,
    private readonly access: CaseAccessLog,
    private readonly readYourWrites: ReadYourWrites,
    private readonly config: AppConfig,
  ) {}

  async get(caseId: string, principal: Principal): Promise<CaseResource> {
    const state = await this.readable(caseId, principal);
    await this.access.record(caseId, 'case', principal);
    return caseResource(state, caseViewerOf(principal));
  }

  /**
   * The case as its stream holds it, for a reader allowed to see it: CASE_NOT_FOUND as well for a department asking
   * about another department's case, which learns nothing.
   */
  async readable(caseId: string, principal: Principal): Promise<RecordedCase> {
    if (!CASE_ID_PATTERN.test(caseId)) throw caseErrors.notFound(caseId);
    const events = await this.store.readStream(caseStreamId(caseId));
    const state = fold(
      caseDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent),
    );
    if (state.status === 'absent' || !canView(caseViewerOf(principal), state)) throw caseErrors.notFound(caseId);
    return state;
  }

  async list(query: ListCasesQuery, principal: Principal): Promise<CasePageResponse> {
    const viewer = caseViewerOf(principal);
    if (viewer.kind === 'department' && query.department !== undefined && query.department !== viewer.department) {
      throw forbiddenDepartment(viewer.department, query.department);
    }
    await this.awaitCases(query.minPosition);
    const { status, tier, ground, department, person, openedFrom, openedTo, decidedFrom, decidedTo, limit, cursor } =
      query;
    return this.queries.list(
      viewer,
      { status, tier, ground, department, person, openedFrom, openedTo, decidedFrom, decidedTo },
      { limit, cursor },
    );
  }

  /** The disclosed outcomes, for anyone: reads of a disclosure are not reads of a case, and are not recorded. */
  async outcomes(query: CaseOutcomesQuery): Promise<CaseOutcomePageResponse> {
    await this.awaitCases(query.minPosition);
    return this.queries.listOutcomes(this.config.CASE_PUBLIC_NAMES, { limit: query.limit, cursor: query.cursor });
  }

  private async awaitCases(minPosition: number | undefined): Promise<void> {
    await this.readYourWrites.reach(CASES_PROJECTION, minPosition);
  }

  /** The access log of a case, oldest first, for the supervision office. */
  async accessLog(caseId: string, query: CaseAccessLogQuery, principal: Principal): Promise<CaseAccessPageResponse> {
    await this.readable(caseId, principal);
    return this.access.page(caseId, query);
  }
}
