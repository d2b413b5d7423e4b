import {
  CaseClosedData,
  CaseDepartmentDecidedData,
  CaseEvidenceAddedData,
  CaseInvestigationConcludedData,
  CaseNoteAddedData,
  CaseOpenedData,
  CaseOutcomePublishedData,
  CasePersonNamedData,
  CaseReopenedData,
  CaseReviewConcludedData,
  CaseReviewRequestedData,
  CaseRightsNotifiedData,
  CaseStatementRecordedData,
} from './case.events';
import { CaseMeasure, CaseTier, PersonOutcome } from './case.types';

/** The decision about a person in force: the first one, or what the last review made of it. */
export interface PersonDecision {
  outcome: PersonOutcome | 'revoked';
  tier?: CaseTier;
  measures: CaseMeasure[];
  reasoning: string;
  /** When it was decided, or when the review that changed it concluded: a review period counts from it. */
  decidedAt: string;
  /** `decision` as first decided, or the review result that made it so. */
  by: 'decision' | 'upheld' | 'modified' | 'revoked';
}

export interface PersonReview extends Omit<CaseReviewRequestedData, 'caseId' | 'personId'> {
  conclusion?: Omit<CaseReviewConcludedData, 'caseId' | 'personId' | 'kind'>;
}

export interface CasePerson extends Omit<CasePersonNamedData, 'caseId'> {
  notice: Omit<CaseRightsNotifiedData, 'caseId' | 'personId'> | null;
  statements: Omit<CaseStatementRecordedData, 'caseId' | 'personId'>[];
  decision: PersonDecision | null;
  reviews: PersonReview[];
}

export interface AbsentCase {
  status: 'absent';
}

export interface RecordedCase {
  status: 'investigating' | 'concluded' | 'closed';
  caseId: string;
  opening: CaseOpenedData;
  /** The departments concerned: those named at opening and every named person's. */
  departments: string[];
  evidence: Omit<CaseEvidenceAddedData, 'caseId'>[];
  persons: CasePerson[];
  /** The conclusion in force; null while investigating (again, after a reopening). */
  investigation: Omit<CaseInvestigationConcludedData, 'caseId'> | null;
  departmentDecisions: Omit<CaseDepartmentDecidedData, 'caseId'>[];
  /** Investigators' internal notes. */
  notes: Omit<CaseNoteAddedData, 'caseId'>[];
  closure: Omit<CaseClosedData, 'caseId'> | null;
  reopenings: Omit<CaseReopenedData, 'caseId'>[];
  /** The disclosure (通报) of the outcome since the last closure; null until then, and again once reopened. */
  publication: Omit<CaseOutcomePublishedData, 'caseId'> | null;
  /** Stream version of the last event folded. */
  version: number;
}

export type CaseState = AbsentCase | RecordedCase;

export const initialCaseState: CaseState = { status: 'absent' };
