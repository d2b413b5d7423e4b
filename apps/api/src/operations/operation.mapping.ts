import {
  OperationCompletedData,
  OperationDeadlinesExtendedData,
  OperationDecisionRecordedData,
  OperationEventType,
  OperationRegisteredData,
  OperationStepRecordedData,
  OperationViewer,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { powerShownTo } from '@app/read-models';
import { Written } from '../idempotency/handle-idempotently';
import {
  OperationBatchItemResponse,
  OperationRegisteredResponse,
  OperationTimelineItemResponse,
  OperationWrittenResponse,
} from './operation.response.dto';

/**
 * How the operations' events and writes are answered: the registration (with the power as the registering department
 * may see it), a batch item, a step's write, and a timeline entry.
 */
export function registeredResponse(
  streamId: string,
  data: OperationRegisteredData,
  version: number,
  position: number,
): OperationRegisteredResponse {
  return {
    streamId,
    id: data.id,
    version,
    position,
    acceptedOn: data.acceptedOn,
    // The registering department reads the answer: a classified power of another department stays hidden from it.
    power: powerShownTo(data.power, { kind: 'department', department: data.department }),
    timeLimit: data.timeLimit,
    deadlines: data.deadlines,
    deadlinesPending: data.deadlinesPending ?? null,
  };
}

export function batchItem(streamId: string, data: OperationRegisteredData, version: number, position: number) {
  const item: OperationBatchItemResponse = {
    id: data.id,
    streamId,
    version,
    position,
    deadlines: data.deadlines,
    deadlinesPending: data.deadlinesPending ?? null,
    inForce: data.power.inForce,
  };
  return item;
}

/** The follow-up write as the API answers it: the events written, and what they changed that the caller acts on. */
export function writtenResponse(id: string, written: Written): OperationWrittenResponse {
  const response: OperationWrittenResponse = {
    streamId: written.streamId,
    id,
    version: written.version,
    position: written.events[written.events.length - 1].globalPosition,
    types: written.events.map((event) => event.type as OperationEventType),
  };
  for (const event of written.events) {
    const type = event.type as OperationEventType;
    if (type === 'OperationStepRecorded') {
      const data = event.data as OperationStepRecordedData;
      response.kind = data.kind;
      if (data.deadlinesPending) Object.assign(response, { deadlines: null, deadlinesPending: data.deadlinesPending });
    }
    if (type === 'OperationDeadlinesExtended') {
      const data = event.data as OperationDeadlinesExtendedData;
      Object.assign(response, { pausedDays: data.pausedDays, deadlines: data.deadlines });
    }
    if (type === 'OperationDecisionRecorded') response.outcome = (event.data as OperationDecisionRecordedData).outcome;
    if (type === 'OperationCompleted') {
      const data = event.data as OperationCompletedData;
      Object.assign(response, { completedAt: data.at, deadlines: data.deadlines, overdue: data.overdue });
      if (data.deadlinesPending) response.deadlinesPending = data.deadlinesPending;
    }
  }
  return response;
}

/** An event as the timeline shows it: its place in the log, who recorded it when, and its payload. */
export function timelineItem(event: RecordedEvent, viewer: OperationViewer): OperationTimelineItemResponse {
  const { actor, correlationId } = event.metadata;
  const data =
    event.type === 'OperationRegistered'
      ? {
          ...(event.data as OperationRegisteredData),
          power: powerShownTo((event.data as OperationRegisteredData).power, viewer),
        }
      : event.data;
  return {
    type: event.type as OperationTimelineItemResponse['type'],
    version: event.streamVersion,
    position: event.globalPosition,
    eventId: event.eventId,
    recordedAt: event.recordedAt,
    ...(actor ? { actor: actor as OperationTimelineItemResponse['actor'] } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...claimedAtOf(event),
    data: data as Record<string, unknown>,
  };
}

/** The time an event says its fact happened, beside the time it was recorded: the record is what order is judged by. */
function claimedAtOf(event: RecordedEvent): { claimedAt?: string } {
  const data = event.data as { acceptedAt?: unknown; at?: unknown };
  const claimed = event.type === 'OperationRegistered' ? data.acceptedAt : data.at;
  return typeof claimed === 'string' ? { claimedAt: claimed } : {};
}
