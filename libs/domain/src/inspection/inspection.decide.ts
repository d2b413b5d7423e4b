import { assertNever, Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { InspectionCommand, InspectionEvent, InspectionState } from './inspection.types';

export const inspectionErrors = {
  notFound: (inspectionId: string) =>
    new DomainError('INSPECTION_NOT_FOUND', 'not-found', `No inspection ${inspectionId}`, { inspectionId }),
  exists: (inspectionId: string) =>
    new DomainError('INSPECTION_EXISTS', 'conflict', `Inspection ${inspectionId} has been planned already`, {
      inspectionId,
    }),
  sampled: (inspectionId: string) =>
    new DomainError(
      'SAMPLE_DRAWN',
      'conflict',
      `Inspection ${inspectionId} has its sample already: it is never redrawn`,
      {
        inspectionId,
      },
    ),
  reported: (inspectionId: string) =>
    new DomainError('INSPECTION_REPORTED', 'rule', `Inspection ${inspectionId} has been reported: it is closed`, {
      inspectionId,
    }),
  scopeDates: () =>
    new DomainError(
      'INVALID_SCOPE',
      'validation',
      'The scope ends before it starts',
      {},
      { 'scope.to': ['must not be before scope.from'] },
    ),
};

export const initialInspectionState: InspectionState = { status: 'absent', version: 0, activities: [] };

function decide(command: InspectionCommand, state: InspectionState): InspectionEvent[] {
  const { by, recordedAt } = command;
  if (command.type === 'PlanInspection') {
    if (state.status !== 'absent') throw inspectionErrors.exists(command.inspectionId);
    if (command.scope.to < command.scope.from) throw inspectionErrors.scopeDates();
    const { type: _type, byDepartment: _department, ...data } = command;
    return [{ type: 'InspectionPlanned', data: { ...data, by, recordedAt } }];
  }
  if (state.status === 'absent') throw inspectionErrors.notFound(command.inspectionId);
  const inspectionId = state.plan!.inspectionId;
  if (state.status === 'reported') throw inspectionErrors.reported(inspectionId);
  switch (command.type) {
    case 'RecordSample':
      if (state.sample !== undefined) throw inspectionErrors.sampled(inspectionId);
      return [{ type: 'InspectionSampleDrawn', data: { inspectionId, sample: command.sample, by, recordedAt } }];
    case 'RecordInspectionActivity': {
      const { type: _type, byDepartment: _department, ...data } = command;
      return [
        {
          type: 'InspectionActivityRecorded',
          data: { ...data, inspectionId, activityId: `A${state.activities.length + 1}`, by, recordedAt },
        },
      ];
    }
    case 'ReportInspection': {
      const { type: _type, byDepartment: _department, ...data } = command;
      return [{ type: 'InspectionReported', data: { ...data, inspectionId, by, recordedAt } }];
    }
    default:
      return assertNever(command, 'inspection command');
  }
}

export function evolveInspection(state: InspectionState, event: InspectionEvent): InspectionState {
  const version = state.version + 1;
  switch (event.type) {
    case 'InspectionPlanned':
      return { ...initialInspectionState, status: 'planned', version, plan: event.data };
    case 'InspectionSampleDrawn':
      return { ...state, status: 'sampled', version, sample: event.data.sample };
    case 'InspectionActivityRecorded':
      return { ...state, version, activities: [...state.activities, event.data] };
    case 'InspectionReported':
      return { ...state, status: 'reported', version, report: event.data };
    default:
      return assertNever(event, 'inspection event');
  }
}

export const inspectionDecider: Decider<InspectionCommand, InspectionEvent, InspectionState> = {
  initialState: initialInspectionState,
  decide,
  evolve: evolveInspection,
};
