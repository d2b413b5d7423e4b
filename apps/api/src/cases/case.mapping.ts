import { CaseEvent } from '@app/domain';
import { Written } from '../idempotency/handle-idempotently';
import { CaseWrittenResponse } from './case.response.dto';

/**
 * `position` is that of the last event the request wrote, the alerts' too (their links and resolutions come after the
 * case's event), so that a read with minPosition sees them.
 */
export function writtenResponse(caseId: string, written: Written, alertsPosition = 0): CaseWrittenResponse {
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
