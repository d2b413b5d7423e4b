import { isPowerLifecycleEvent, PowerEvent } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { Written } from '../idempotency/handle-idempotently';
import { PowerTimelineItemResponse, PowerWrittenResponse } from './power.response.dto';

/** How the catalogue's writes and events are answered: a write with its proposal's state, a timeline entry. */
/** The write's answer: the event, and for proposals and their review, the proposal's state. */
export function writtenResponse(code: string, written: Written): PowerWrittenResponse {
  const last = written.events[written.events.length - 1];
  const event = { type: last.type, data: last.data } as PowerEvent;
  const base = {
    streamId: written.streamId,
    version: written.version,
    position: last.globalPosition,
    code,
    type: event.type,
  };
  const factFields = (data: PowerEvent['data']) => ({
    warnings: 'warnings' in data ? data.warnings : [],
    ...('effectiveFrom' in data ? { effectiveFrom: data.effectiveFrom } : {}),
  });
  if (event.type === 'PowerProposed') {
    const { proposalId, fact } = event.data;
    return { ...base, ...factFields(fact.data), proposal: { id: proposalId, status: 'pending' } };
  }
  if (event.type === 'PowerProposalRejected') {
    return { ...base, warnings: [], proposal: { id: event.data.proposalId, status: 'rejected' } };
  }
  const { proposalId } = isPowerLifecycleEvent(event) ? event.data : {};
  return {
    ...base,
    ...factFields(event.data),
    ...(proposalId !== undefined ? { proposal: { id: proposalId, status: 'approved' as const } } : {}),
  };
}

/** An event as the timeline shows it: its place in the log, who recorded it when, and its payload. */
export function timelineItem(event: RecordedEvent): PowerTimelineItemResponse {
  // The payload's own copy of the recording time is the command's; the envelope's is the store's, shown here.
  const { code: _code, recordedAt: _recordedAt, ...data } = event.data as PowerEvent['data'];
  const { actor, correlationId } = event.metadata;
  return {
    type: event.type as PowerTimelineItemResponse['type'],
    version: event.streamVersion,
    position: event.globalPosition,
    eventId: event.eventId,
    recordedAt: event.recordedAt,
    ...(actor ? { actor: actor as PowerTimelineItemResponse['actor'] } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...data,
  };
}
