import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  Actor,
  AlertCommand,
  alertDecider,
  AlertEvent,
  alertStreamId,
  CASE_ID_PATTERN,
  CaseCommand,
  caseDecider,
  caseErrors,
  CaseOpenedData,
  CaseClosedData,
  caseStreamId,
  fold,
  KnownAlert,
} from '@app/domain';
import { EVENT_STORE, EventStore, handleCommand } from '@app/event-store';
import { actorOf } from '../auth/actor-of';
import { CalendarProvider, CasesQueries } from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently, Written } from '../idempotency/handle-idempotently';
import { WriteScope } from '../idempotency/write-scope';
import { CaseWrittenResponse } from './case.response.dto';
import { OpenCaseRequest } from './open-case.request.dto';
import { CaseReader } from './case-reader';
import { writtenResponse } from './case.mapping';

/** A command of a case's step, less what every write adds (who, when, which case) and what the service looks up. */
export type CaseStep = DistributiveOmit<CaseCommand, 'caseId' | 'actor' | 'recordedAt' | 'calendar' | 'knownEvents'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type StepCommand = DistributiveOmit<CaseCommand, 'caseId' | 'actor' | 'recordedAt'>;

/**
 * Accountability cases (责任追究), their writes. Every rule is the case decider's; this gathers what one stream cannot
 * know (whether the alerts and events named exist, the working calendar, the configured periods), writes the result,
 * and keeps the alerts a case was opened from in step with it (they show the case, and its closure resolves them).
 */
@Injectable()
export class CaseCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: CaseReader,
    private readonly queries: CasesQueries,
    private readonly calendars: CalendarProvider,
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
    if (context.actor.role === 'department') await this.reader.readable(caseId, context.actor);
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
  private linkAlerts(caseId: string, alertIds: string[], context: WriteContext): Promise<number> {
    return this.onEachAlert(alertIds, context, 'case-alert-link', caseId, (alertId, actor, recordedAt) => ({
      type: 'LinkAlertToCase',
      alertId,
      caseId,
      actor,
      recordedAt,
    }));
  }

  private resolveAlerts(caseId: string, alertIds: string[], context: WriteContext): Promise<number> {
    return this.onEachAlert(alertIds, context, 'case-alert-resolution', caseId, (alertId, actor, recordedAt) => ({
      type: 'ResolveAlert',
      alertId,
      caseId,
      note: `责任追究案件${caseId}已结案 / closed by accountability case ${caseId}`,
      actor,
      recordedAt,
    }));
  }

  /**
   * One command on each alert's stream, its event ids derived from `what`, the case and the alert; the position of
   * the last event written.
   */
  private async onEachAlert(
    alertIds: string[],
    context: WriteContext,
    what: string,
    caseId: string,
    command: (alertId: string, actor: Actor, recordedAt: string) => AlertCommand,
  ): Promise<number> {
    const actor = actorOf(context.actor);
    let position = 0;
    for (const alertId of alertIds) {
      const outcome = await handleCommand(
        this.store,
        alertDecider,
        alertStreamId(alertId),
        command(alertId, actor, new Date().toISOString()),
        {
          metadata: { actor, correlationId: context.correlationId },
          eventIds: WriteScope.derived(`${what}\u0000${caseId}\u0000${alertId}`).eventIds,
        },
      );
      position = Math.max(position, outcome.position ?? 0);
    }
    return position;
  }
}
