import { Inject, Injectable } from '@nestjs/common';
import {
  AlertCommand,
  alertDecider,
  alertErrors,
  ALERT_ID_PATTERN,
  AlertEvent,
  AlertStatus,
  alertStreamId,
  DomainError,
  fold,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Principal } from '@app/access';
import { actorOf } from '../auth/actor-of';
import { AlertQueries, AlertView } from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently } from '../idempotency/handle-idempotently';
import {
  AcceptAlertAnswerRequest,
  AcknowledgeAlertRequest,
  AnswerAlertRequest,
  RejectAlertAnswerRequest,
  ResolveAlertRequest,
} from './alert-note.request.dto';
import { AlertPageResponse, AlertWrittenResponse } from './alert.response.dto';
import { AlertViewQuery, ListAlertsQuery } from './list-alerts.request.dto';

const forbiddenDepartment = (own: string | undefined, asked: string) =>
  new DomainError('FORBIDDEN_DEPARTMENT', 'forbidden', `Department ${own ?? '(none)'} may not read ${asked}'s alerts`, {
    department: asked,
  });

/**
 * Alerts as the supervision office and the departments see them: reads from the alerts read model, a department only
 * its own; acknowledgement and resolution through the alert decider (which allows them to supervisors only).
 */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: AlertQueries,
  ) {}

  /** The department a principal's reads are confined to (undefined: any), refusing a department asking for another. */
  departmentScope(principal: Principal, asked: string | undefined): string | undefined {
    if (principal.role !== 'department') return asked;
    if (asked !== undefined && asked !== principal.department) throw forbiddenDepartment(principal.department, asked);
    return principal.department;
  }

  async list(query: ListAlertsQuery, principal: Principal): Promise<AlertPageResponse> {
    const department = this.departmentScope(principal, query.department);
    if (query.minPosition !== undefined) await this.awaitAlertsOf(query.minPosition);
    const { ground, level, status, raisedFrom, raisedTo, limit, cursor } = query;
    return this.queries.list({ department, ground, level, status, raisedFrom, raisedTo }, { limit, cursor });
  }

  /** ALERT_NOT_FOUND as well for a department asking about another department's alert: it learns nothing. */
  async get(alertId: string, query: AlertViewQuery, principal: Principal): Promise<AlertView> {
    if (query.minPosition !== undefined) await this.awaitPosition(query.minPosition);
    const alert = await this.queries.get(alertId);
    if (!alert || (principal.role === 'department' && alert.department !== principal.department)) {
      throw alertErrors.notFound(alertId);
    }
    return alert;
  }

  acknowledge(alertId: string, request: AcknowledgeAlertRequest, context: WriteContext) {
    return this.write(alertId, context, (recordedAt) => ({
      type: 'AcknowledgeAlert',
      alertId,
      ...(request.note !== undefined ? { note: request.note } : {}),
      actor: actorOf(context.actor),
      recordedAt,
    }));
  }

  resolve(alertId: string, request: ResolveAlertRequest, context: WriteContext) {
    return this.write(alertId, context, (recordedAt) => ({
      type: 'ResolveAlert',
      alertId,
      note: request.note,
      actor: actorOf(context.actor),
      recordedAt,
    }));
  }

  /** The department's explanation; the decider checks it is the alert's department. */
  answer(alertId: string, request: AnswerAlertRequest, context: WriteContext) {
    return this.write(alertId, context, (recordedAt) => ({
      type: 'AnswerAlert',
      alertId,
      explanation: request.explanation,
      ...(request.documents !== undefined ? { documents: request.documents } : {}),
      actor: actorOf(context.actor),
      recordedAt,
    }));
  }

  acceptAnswer(alertId: string, request: AcceptAlertAnswerRequest, context: WriteContext) {
    return this.write(alertId, context, (recordedAt) => ({
      type: 'AcceptAlertAnswer',
      alertId,
      ...(request.note !== undefined ? { note: request.note } : {}),
      actor: actorOf(context.actor),
      recordedAt,
    }));
  }

  rejectAnswer(alertId: string, request: RejectAlertAnswerRequest, context: WriteContext) {
    return this.write(alertId, context, (recordedAt) => ({
      type: 'RejectAlertAnswer',
      alertId,
      reason: request.reason,
      actor: actorOf(context.actor),
      recordedAt,
    }));
  }

  private async write(
    alertId: string,
    context: WriteContext,
    command: (recordedAt: string) => AlertCommand,
  ): Promise<AlertWrittenResponse> {
    // An id that could not have been raised names no stream worth reading.
    if (!ALERT_ID_PATTERN.test(alertId)) throw alertErrors.notFound(alertId);
    const streamId = alertStreamId(alertId);
    const written = await handleIdempotently(this.store, alertDecider, streamId, command(new Date().toISOString()), {
      scope: context.scope,
      expectedVersion: context.expectedVersion,
      metadata: { actor: actorOf(context.actor), correlationId: context.correlationId },
    });
    const last = written.events[written.events.length - 1];
    return {
      streamId,
      version: written.version,
      position: last.globalPosition,
      id: alertId,
      status: await this.statusAfter(streamId, last.type),
    };
  }

  /** An answer or its rejection leaves the status as it was: the stream says which. */
  private async statusAfter(streamId: string, lastType: string): Promise<AlertStatus> {
    if (lastType === 'AlertAcknowledged') return 'acknowledged';
    if (lastType === 'AlertResolved') return 'resolved';
    const events = await this.store.readStream(streamId);
    const state = fold(
      alertDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as AlertEvent),
    );
    return state.status === 'absent' ? 'open' : state.status;
  }

  private async awaitAlertsOf(position: number): Promise<void> {
    await this.queries.awaitAlertsOf(position);
  }

  private async awaitPosition(position: number): Promise<void> {
    await this.queries.awaitPosition(position);
  }
}
