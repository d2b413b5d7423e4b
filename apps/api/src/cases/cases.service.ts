import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  alertDecider,
  AlertEvent,
  alertStreamId,
  CASE_ID_PATTERN,
  CaseAccessedData,
  CaseAccessKind,
  caseAccessStreamId,
  CaseCommand,
  caseDecider,
  CaseEvent,
  caseErrors,
  CaseOpenedData,
  CaseClosedData,
  caseStreamId,
  DomainError,
  fold,
  KnownAlert,
  RecordedCase,
} from '@app/domain';
import { EVENT_STORE, EventStore, handleCommand, newEventId, VersionConflictError } from '@app/event-store';
import { Principal } from '@app/access';
import { actorOf } from '../auth/actor-of';
import { ReadYourWrites } from '../http/read-your-writes';
import {
  CalendarProvider,
  canView,
  CaseResource,
  caseResource,
  CASES_PROJECTION,
  CasesQueries,
  CaseViewer,
} from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently, Written } from '../idempotency/handle-idempotently';
import { WriteScope } from '../idempotency/write-scope';
import {
  CaseAccessPageResponse,
  CaseOutcomePageResponse,
  CasePageResponse,
  CaseWrittenResponse,
} from './case.response.dto';
import { CaseAccessLogQuery, CaseOutcomesQuery, ListCasesQuery } from './list-cases.request.dto';
import { OpenCaseRequest } from './open-case.request.dto';

/** How often a read's access record is retried when another read of the same case appended first. */
const ACCESS_APPEND_ATTEMPTS = 5;

/** Investigators and supervisors read every case in full; a department the cases about it, without internal notes. */
export function viewerOf(principal: Principal): CaseViewer {
  return principal.role === 'department'
    ? { kind: 'department', department: principal.department ?? '' }
    : { kind: 'all' };
}

const forbiddenDepartment = (own: string | undefined, asked: string) =>
  new DomainError('FORBIDDEN_DEPARTMENT', 'forbidden', `Department ${own ?? '(none)'} may not read ${asked}'s cases`, {
    department: asked,
  });

const invalidCursor = () =>
  new DomainError(
    'INVALID_CURSOR',
    'validation',
    'The cursor was not issued by this API',
    {},
    { cursor: ['must be a nextCursor returned by a previous page'] },
  );

/** A command of a case's step, less what every write adds (who, when, which case) and what the service looks up. */
export type CaseStep = DistributiveOmit<CaseCommand, 'caseId' | 'actor' | 'recordedAt' | 'calendar' | 'knownEvents'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type StepCommand = DistributiveOmit<CaseCommand, 'caseId' | 'actor' | 'recordedAt'>;

/**
 * Accountability cases (责任追究). Every rule is the case decider's; this service gathers what one stream cannot know
 * (whether the alerts and events named exist, the working calendar, the configured periods), writes the result, keeps
 * the alerts a case was opened from in step with it (they show the case, and its closure resolves them), and records
 * every read of a case on the case's access log.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: CasesQueries,
    private readonly calendars: CalendarProvider,
    private readonly readYourWrites: ReadYourWrites,
    private readonly config: AppConfig,
  ) {}

  async open(request: OpenCaseRequest, context: WriteContext): Promise<CaseWrittenResponse> {
    const caseId = request.id ?? context.scope.createdId(0);
    const alertIds = request.origins.filter((o) => o.kind === 'alert' && o.id !== undefined).map((o) => o.id!);
    const alerts = await this.knownAlerts(alertIds);
    const written = await this.write(caseId, context, {
      type: 'OpenCase',
      origins: request.origins,
      grounds: request.grounds,
      departments: request.departments,
      summary: request.summary,
      openedAt: request.openedAt,
      alerts,
      rightsPeriodWorkingDays: this.config.CASE_RIGHTS_PERIOD_WORKING_DAYS,
      reviewPeriodWorkingDays: this.config.CASE_REVIEW_PERIOD_WORKING_DAYS,
    });
    const opened = written.events[0].data as CaseOpenedData;
    const linked = await this.linkAlerts(caseId, opened.alertIds, context);
    return writtenResponse(caseId, written, linked);
  }

  /** A step of an open case, decided with the calendar in force; closing it also resolves the alerts it came from. */
  async step(caseId: string, step: CaseStep, context: WriteContext): Promise<CaseWrittenResponse> {
    // A department learns nothing of a case not about it, not even that it exists.
    if (context.actor.role === 'department') await this.readable(caseId, context.actor);
    const written = await this.write(caseId, context, await this.lookedUp(step));
    const last = written.events[written.events.length - 1];
    if (last.type !== 'CaseClosed') return writtenResponse(caseId, written);
    const { alertIds } = last.data as CaseClosedData;
    const linked = await this.linkAlerts(caseId, alertIds, context);
    const resolved = await this.resolveAlerts(caseId, alertIds, context);
    return writtenResponse(caseId, written, Math.max(linked, resolved));
  }

  /** The step with what its decision needs: the calendar in force, or which of the events cited are in the log. */
  private async lookedUp(step: CaseStep): Promise<StepCommand> {
    switch (step.type) {
      case 'NotifyRights':
      case 'DecidePerson':
      case 'RequestReview':
        return { ...step, calendar: (await this.calendars.current()).calendar };
      case 'AddEvidence':
      case 'ReopenCase':
        return { ...step, knownEvents: await this.queries.streamsOfEvents(step.events ?? []) };
      default:
        return step;
    }
  }

  async get(caseId: string, principal: Principal): Promise<CaseResource> {
    const state = await this.readable(caseId, principal);
    await this.recordAccess(caseId, 'case', principal);
    return caseResource(state, viewerOf(principal));
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
    if (state.status === 'absent' || !canView(viewerOf(principal), state)) throw caseErrors.notFound(caseId);
    return state;
  }

  async list(query: ListCasesQuery, principal: Principal): Promise<CasePageResponse> {
    const viewer = viewerOf(principal);
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

  /**
   * Every read is recorded before it is answered: who, when, what. The access log is a stream of its own, appended
   * without reading it; two reads racing for the same version simply try again.
   */
  async recordAccess(caseId: string, what: CaseAccessKind, principal: Principal): Promise<void> {
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

  /** The access log of a case, oldest first, for the supervision office. */
  async accessLog(caseId: string, query: CaseAccessLogQuery, principal: Principal): Promise<CaseAccessPageResponse> {
    await this.readable(caseId, principal);
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

  private write(caseId: string, context: WriteContext, step: StepCommand): Promise<Written> {
    if (!CASE_ID_PATTERN.test(caseId) && step.type !== 'OpenCase') throw caseErrors.notFound(caseId);
    const actor = actorOf(context.actor);
    const command = { ...step, caseId, actor, recordedAt: new Date().toISOString() };
    return handleIdempotently(this.store, caseDecider, caseStreamId(caseId), command, {
      scope: context.scope,
      expectedVersion: context.expectedVersion,
      metadata: { actor, correlationId: context.correlationId },
    });
  }

  /** The alerts named, as their own streams hold them (a projection may lag behind an alert just raised). */
  private async knownAlerts(alertIds: string[]): Promise<KnownAlert[]> {
    const streams = await this.store.readStreams(alertIds.map(alertStreamId));
    return alertIds.flatMap((alertId) => {
      const state = fold(
        alertDecider,
        (streams.get(alertStreamId(alertId)) ?? []).map((e) => ({ type: e.type, data: e.data }) as AlertEvent),
      );
      if (state.status === 'absent') return [];
      return [{ alertId, ground: state.alert.ground, department: state.alert.department }];
    });
  }

  /**
   * Each alert's stream records the case opened from it. Event ids derive from the case and the alert, and linking
   * twice records nothing, so a retried request (or a closure after an interrupted opening) completes what is missing.
   */
  private async linkAlerts(caseId: string, alertIds: string[], context: WriteContext): Promise<number> {
    const actor = actorOf(context.actor);
    let position = 0;
    for (const alertId of alertIds) {
      const outcome = await handleCommand(
        this.store,
        alertDecider,
        alertStreamId(alertId),
        { type: 'LinkAlertToCase', alertId, caseId, actor, recordedAt: new Date().toISOString() },
        {
          metadata: { actor, correlationId: context.correlationId },
          eventIds: WriteScope.derived(`case-alert-link\u0000${caseId}\u0000${alertId}`).eventIds,
        },
      );
      position = Math.max(position, outcome.position ?? 0);
    }
    return position;
  }

  private async resolveAlerts(caseId: string, alertIds: string[], context: WriteContext): Promise<number> {
    const actor = actorOf(context.actor);
    let position = 0;
    for (const alertId of alertIds) {
      const outcome = await handleCommand(
        this.store,
        alertDecider,
        alertStreamId(alertId),
        {
          type: 'ResolveAlert',
          alertId,
          caseId,
          note: `责任追究案件${caseId}已结案 / closed by accountability case ${caseId}`,
          actor,
          recordedAt: new Date().toISOString(),
        },
        {
          metadata: { actor, correlationId: context.correlationId },
          eventIds: WriteScope.derived(`case-alert-resolution\u0000${caseId}\u0000${alertId}`).eventIds,
        },
      );
      position = Math.max(position, outcome.position ?? 0);
    }
    return position;
  }
}

/**
 * `position` is that of the last event the request wrote, the alerts' too (their links and resolutions come after the
 * case's event), so that a read with minPosition sees them.
 */
function writtenResponse(caseId: string, written: Written, alertsPosition = 0): CaseWrittenResponse {
  const last = written.events[written.events.length - 1];
  const data = last.data as Record<string, unknown>;
  return {
    streamId: written.streamId,
    id: caseId,
    version: written.version,
    position: Math.max(last.globalPosition, alertsPosition),
    type: last.type as CaseEvent['type'],
    ...(typeof data.personId === 'string' ? { personId: data.personId } : {}),
    ...(typeof data.evidenceId === 'string' ? { evidenceId: data.evidenceId } : {}),
    ...('answerBy' in data ? { answerBy: data.answerBy as string | null } : {}),
  };
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
