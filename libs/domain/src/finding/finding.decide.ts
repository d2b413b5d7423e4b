import { AlertFact, AlertGround, AlertLevel } from '../alert/alert.types';
import { Decider, fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { RecordedDomainEvent, StreamDetection } from '../shared/recorded';
import { FindingCommand, FindingEvent, FindingState, FINDING_KIND_LABELS } from './finding.types';

export const findingErrors = {
  notFound: (findingId: string) =>
    new DomainError('FINDING_NOT_FOUND', 'not-found', `No finding ${findingId}`, { findingId }),
  exists: (findingId: string) =>
    new DomainError('FINDING_EXISTS', 'conflict', `Finding ${findingId} has been recorded already`, { findingId }),
  sourceRequired: () =>
    new DomainError(
      'FINDING_SOURCE_ID_REQUIRED',
      'validation',
      'A finding from an inspection, a complaint or an alert names it',
      {},
      { 'source.id': ['required unless the source is own-initiative'] },
    ),
};

export const initialFindingState: FindingState = { status: 'absent', version: 0 };

export const findingDecider: Decider<FindingCommand, FindingEvent, FindingState> = {
  initialState: initialFindingState,
  decide(command, state) {
    if (state.status !== 'absent') throw findingErrors.exists(command.findingId);
    if (command.source.kind !== 'own-initiative' && command.source.id === undefined)
      throw findingErrors.sourceRequired();
    const { type: _type, byDepartment: _department, ...data } = command;
    return [{ type: 'FindingRecorded', data }];
  },
  evolve(state, event) {
    return { status: 'recorded', version: state.version + 1, finding: event.data };
  },
};

/**
 * Grounds the detectors cannot see in the events (3 untrue disclosure, 8 falsification, 10 other) become alerts when a
 * finding establishes them: red for 3 and 8, which the seed counts among the serious, yellow for 10.
 */
export const FINDING_ALERT_LEVELS: Readonly<Partial<Record<AlertGround, AlertLevel>>> = {
  3: 'red',
  8: 'red',
  10: 'yellow',
};

export function detectFindingAlerts(events: readonly RecordedDomainEvent<FindingEvent>[]): StreamDetection<AlertFact> {
  const state = fold(
    findingDecider,
    events.map((e) => e.event),
  );
  const finding = state.finding;
  const level = finding === undefined ? undefined : FINDING_ALERT_LEVELS[finding.ground];
  if (finding === undefined || level === undefined) return { facts: [], nextCheckAt: null };
  return {
    facts: [
      {
        alertId: `finding:${finding.findingId}:g${finding.ground}:finding`,
        ground: finding.ground,
        level,
        department: finding.department,
        subject: { kind: 'finding', id: finding.findingId },
        cause: 'finding',
        evidence: [events[0].eventId],
        message: `监督检查发现${FINDING_KIND_LABELS[finding.kind]}问题（${finding.findingId}） / finding ${finding.findingId}: ${finding.kind}`,
      },
    ],
    nextCheckAt: null,
  };
}
