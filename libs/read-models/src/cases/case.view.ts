import { caseStreamId, CaseViewer, RecordedCase } from '@app/domain';

type Opening = RecordedCase['opening'];

/** A case as the API shows it: the opening's fields at the top level, then every step as recorded. */
export interface CaseResource {
  streamId: string;
  id: string;
  status: RecordedCase['status'];
  origins: Opening['origins'];
  grounds: Opening['grounds'];
  /** Those named at opening and every named person's. */
  departments: string[];
  summary: string;
  openedAt: string;
  /** The alerts it was opened from. */
  alerts: string[];
  rightsPeriodWorkingDays: number;
  reviewPeriodWorkingDays: number;
  evidence: RecordedCase['evidence'];
  persons: RecordedCase['persons'];
  investigation: RecordedCase['investigation'];
  departmentDecisions: RecordedCase['departmentDecisions'];
  /** Investigators' internal notes; absent for the department. */
  notes?: RecordedCase['notes'];
  closure: RecordedCase['closure'];
  reopenings: RecordedCase['reopenings'];
  /** The disclosure (通报) of its outcome since it was last closed. */
  publication: RecordedCase['publication'];
  recordedAt: string;
  version: number;
}

export function canView(viewer: CaseViewer, state: RecordedCase): boolean {
  return viewer.kind === 'all' || state.departments.includes(viewer.department);
}

export function caseResource(state: RecordedCase, viewer: CaseViewer): CaseResource {
  const { opening } = state;
  return {
    streamId: caseStreamId(state.caseId),
    id: state.caseId,
    status: state.status,
    origins: opening.origins,
    grounds: opening.grounds,
    departments: state.departments,
    summary: opening.summary,
    openedAt: opening.openedAt,
    alerts: opening.alertIds,
    rightsPeriodWorkingDays: opening.rightsPeriodWorkingDays,
    reviewPeriodWorkingDays: opening.reviewPeriodWorkingDays,
    evidence: state.evidence,
    persons: state.persons,
    investigation: state.investigation,
    departmentDecisions: state.departmentDecisions,
    ...(viewer.kind === 'all' ? { notes: state.notes } : {}),
    closure: state.closure,
    reopenings: state.reopenings,
    publication: state.publication,
    recordedAt: opening.recordedAt,
    version: state.version,
  };
}
