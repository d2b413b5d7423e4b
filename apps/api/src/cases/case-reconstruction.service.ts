import { Inject, Injectable } from '@nestjs/common';
import {
  ALERT_GROUND_LABELS,
  alertDecider,
  AlertEvent,
  AlertRaisedData,
  AlertStatus,
  alertStreamId,
  alertSubjectStreamId,
  CALENDAR_STREAM_ID,
  COMPLAINT_ID_PATTERN,
  complaintStreamId,
  FINDING_ID_PATTERN,
  findingDecider,
  FindingEvent,
  findingStreamId,
  inspectionStreamId,
  CalendarYearPublishedData,
  caseStreamId,
  fold,
  operationDecider,
  OperationEvent,
  operationStreamId,
  PowerEvent,
  powerStreamId,
  powerView,
  RecordedCase,
  RecordedOperationState,
  RecordedPowerEvent,
} from '@app/domain';
import { compareCheckpoints, EVENT_STORE, EventStore, firstChainBreak, RecordedEvent } from '@app/event-store';
import { Principal } from '@app/access';
import { CasesQueries } from '@app/read-models';
import {
  CaseReconstructionResponse,
  ReconstructedAlertResponse,
  ReconstructedEventResponse,
  ReconstructedOperationResponse,
} from './case-reconstruction.response.dto';
import { CaseAccessLog } from './case-access-log';
import { CaseReader } from './case-reader';

/** The field of each event type that holds the time the fact is claimed to have happened, in order of preference. */
const CLAIMED_TIME_FIELDS = [
  'openedAt',
  'concludedAt',
  'servedAt',
  'receivedAt',
  'decidedAt',
  'requestedAt',
  'closedAt',
  'reopenedAt',
  'acceptedAt',
  'at',
  'effectiveFrom',
  'publishedOn',
  'raisedAt',
  'acknowledgedAt',
  'resolvedAt',
  'linkedAt',
] as const;

function claimedTimeOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const fields = data as Record<string, unknown>;
  for (const field of CLAIMED_TIME_FIELDS) {
    if (typeof fields[field] === 'string') return fields[field];
  }
  return null;
}

const byGlobalOrder = (a: RecordedEvent, b: RecordedEvent): number =>
  compareCheckpoints(
    { transactionId: a.transactionId, position: a.globalPosition },
    { transactionId: b.transactionId, position: b.globalPosition },
  );

function reconstructedEvent(event: RecordedEvent): ReconstructedEventResponse {
  const { actor } = event.metadata;
  return {
    position: event.globalPosition,
    streamId: event.streamId,
    version: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    recordedAt: event.recordedAt,
    claimedAt: claimedTimeOf(event.data),
    ...(actor ? { actor } : {}),
    data: event.data as Record<string, unknown>,
    hash: event.hash,
    prevHash: event.prevHash,
  };
}

/**
 * Everything an investigator needs to reconstruct a case (docs/domain.md, "Accountability"): every event of every stream
 * the case touches — the case, its alerts, the streams of the events cited as evidence (the alerts' and the case's),
 * the operations concerned, their powers and the calendar years their deadlines were counted on — merged in the global
 * order of the log; for each operation its power as frozen at registration, as in force on the acceptance date and as
 * the catalogue recorded it at registration time; for each alert the rule that fired and the events that prove it; and
 * each stream's hash chain checked. A handful of indexed reads whatever the size of the log.
 */
@Injectable()
export class CaseReconstructionService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseReader,
    private readonly access: CaseAccessLog,
    private readonly queries: CasesQueries,
  ) {}

  /** `as`: what the access log records the read as (the dossier is built on a reconstruction). */
  async reconstruct(
    caseId: string,
    principal: Principal,
    as: 'reconstruction' | 'dossier' = 'reconstruction',
  ): Promise<CaseReconstructionResponse> {
    const state = await this.cases.readable(caseId, principal);
    // The read is recorded while it is gathered, and answered only once it is recorded.
    const [reconstruction] = await Promise.all([this.gather(caseId, state), this.access.record(caseId, as, principal)]);
    return reconstruction;
  }

  private async gather(caseId: string, state: RecordedCase): Promise<CaseReconstructionResponse> {
    const streams = new Map<string, RecordedEvent[]>();
    const read = async (streamIds: Iterable<string>): Promise<void> => {
      const missing = [...new Set(streamIds)].filter((id) => !streams.has(id));
      if (missing.length === 0) return;
      for (const [streamId, events] of await this.store.readStreams(missing)) streams.set(streamId, events);
    };

    await read([caseStreamId(caseId), ...state.opening.alertIds.map(alertStreamId)]);
    const alerts = state.opening.alertIds.flatMap((alertId) => {
      const alert = fold(alertDecider, eventsOf(streams, alertStreamId(alertId)) as AlertEvent[]);
      return alert.status === 'absent' ? [] : [alert];
    });
    const cited = await this.queries.streamsOfEvents(alerts.flatMap((alert) => alert.alert.evidence));
    await read([
      ...Object.values(cited),
      ...citedStreams(state),
      ...alerts.map(({ alert }) => alertSubjectStreamId(alert.subject)),
      ...originStreams(state),
    ]);
    // A finding brings the operations it concerns and the inspection it came from, with that inspection's sample.
    const findings = [...streams.keys()]
      .filter((streamId) => streamId.startsWith('finding-'))
      .flatMap((streamId) => {
        const { finding } = fold(findingDecider, eventsOf(streams, streamId) as FindingEvent[]);
        return finding === undefined ? [] : [finding];
      });
    await read(
      findings.flatMap((finding) => [
        ...finding.operations.map(operationStreamId),
        ...(finding.source.kind === 'inspection' && finding.source.id !== undefined
          ? [inspectionStreamId(finding.source.id)]
          : []),
        ...(finding.source.kind === 'complaint' && finding.source.id !== undefined
          ? [complaintStreamId(finding.source.id)]
          : []),
      ]),
    );

    const operations = [...streams.keys()]
      .filter((streamId) => streamId.startsWith('operation-'))
      .flatMap((streamId) => {
        const operation = fold(operationDecider, eventsOf(streams, streamId) as OperationEvent[]);
        return operation.status === 'absent' ? [] : [{ streamId, operation }];
      });
    const years = new Set(operations.flatMap(({ operation }) => calendarYearsOf(operation)));
    await read([
      ...operations.map(({ operation }) => powerStreamId(operation.registration.powerCode)),
      ...(years.size > 0 ? [CALENDAR_STREAM_ID] : []),
    ]);
    // Each stream's chain is checked on the events just read, all of them from version 1: the bytes the
    // reconstruction shows are the bytes verified, without reading every stream a second time.
    const integrity = [...streams.entries()]
      .filter(([, list]) => list.length > 0)
      .map(([streamId, list]) => ({
        streamId,
        eventsChecked: list.length,
        intact: firstChainBreak(list) === undefined,
      }));
    // The calendar stream holds every year; the reconstruction needs those the deadlines were counted on.
    const calendar = (streams.get(CALENDAR_STREAM_ID) ?? []).filter((event) =>
      years.has((event.data as CalendarYearPublishedData).year),
    );
    if (streams.has(CALENDAR_STREAM_ID)) streams.set(CALENDAR_STREAM_ID, calendar);

    const events = [...streams.values()].flat().sort(byGlobalOrder);
    return {
      caseId,
      streams: [...streams.entries()].map(([streamId, list]) => ({ streamId, events: list.length })),
      events: events.map(reconstructedEvent),
      operations: operations.map(({ streamId, operation }) =>
        reconstructedOperation(streamId, operation, streams, calendar),
      ),
      alerts: alerts.map(({ alert, status }) => reconstructedAlert(alert, status, events)),
      integrity,
    };
  }
}

function eventsOf(streams: ReadonlyMap<string, RecordedEvent[]>, streamId: string): { type: string; data: unknown }[] {
  return (streams.get(streamId) ?? []).map((event) => ({ type: event.type, data: event.data }));
}

/** The findings and complaints a case was opened from (alerts are read on their own). */
function originStreams(state: RecordedCase): string[] {
  return state.opening.origins.flatMap((origin) => {
    if (origin.id === undefined) return [];
    if (origin.kind === 'finding' && FINDING_ID_PATTERN.test(origin.id)) return [findingStreamId(origin.id)];
    if (origin.kind === 'complaint' && COMPLAINT_ID_PATTERN.test(origin.id)) return [complaintStreamId(origin.id)];
    return [];
  });
}

/** The streams of the events the case cites as evidence, on adding it or on reopening. */
function citedStreams(state: RecordedCase): string[] {
  return [...state.evidence, ...state.reopenings].flatMap((evidence) => evidence.events.map((e) => e.streamId));
}

function calendarYearsOf(operation: RecordedOperationState): number[] {
  return [...operation.registration.calendarYears, ...operation.extensions.flatMap((e) => e.calendarYears)];
}

function reconstructedOperation(
  streamId: string,
  operation: RecordedOperationState,
  streams: ReadonlyMap<string, RecordedEvent[]>,
  calendar: RecordedEvent[],
): ReconstructedOperationResponse {
  const { registration } = operation;
  const registered = streams.get(streamId)![0];
  const powerEvents: RecordedPowerEvent[] = (streams.get(powerStreamId(registration.powerCode)) ?? []).map((e) => ({
    event: { type: e.type, data: e.data } as PowerEvent,
    recordedAt: e.recordedAt,
    version: e.streamVersion,
  }));
  const asOf = registration.acceptedOn;
  const years = [...new Set(calendarYearsOf(operation))].sort((a, b) => a - b);
  return {
    id: operation.id,
    streamId,
    powerCode: registration.powerCode,
    department: operation.department,
    status: operation.status,
    acceptedAt: registration.acceptedAt,
    acceptedOn: asOf,
    registeredAt: registered.recordedAt,
    power: {
      frozenAtRegistration: registration.power,
      asOfAcceptance: powerView(powerEvents, { asOf }, asOf) ?? null,
      asRecordedAtRegistration: powerView(powerEvents, { asOf, knownAt: registered.recordedAt }, asOf) ?? null,
    },
    timeLimit: registration.timeLimit,
    deadlines: { registered: registration.deadlines, inForce: operation.deadlines },
    calendar: {
      version: registration.calendarVersion ?? null,
      years: years.map((year) => {
        const published = calendar.filter((e) => (e.data as CalendarYearPublishedData).year === year);
        const used = published.filter(
          (e) => registration.calendarVersion !== undefined && e.streamVersion <= registration.calendarVersion,
        );
        const source = used[used.length - 1];
        return { year, source: source ? 'published' : 'built-in', ...(source ? { eventId: source.eventId } : {}) };
      }),
    },
  };
}

function reconstructedAlert(
  alert: AlertRaisedData,
  status: AlertStatus,
  events: RecordedEvent[],
): ReconstructedAlertResponse {
  const proof = new Set(alert.evidence);
  return {
    id: alert.alertId,
    ground: alert.ground,
    groundLabel: ALERT_GROUND_LABELS[alert.ground],
    level: alert.level,
    rule: alert.cause,
    message: alert.message,
    subject: alert.subject,
    raisedAt: alert.raisedAt,
    status,
    evidence: events
      .filter((event) => proof.has(event.eventId))
      .map((event) => ({
        eventId: event.eventId,
        streamId: event.streamId,
        type: event.type,
        position: event.globalPosition,
        recordedAt: event.recordedAt,
      })),
  };
}
