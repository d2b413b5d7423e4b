import { Actor } from '../power/power.types';

/*
 * Who reads what (docs/domain.md, "Who uses it"): the read models filter by these viewers, the API maps the caller's
 * key to one. The rules are the domain's, so they live here once, beside the roles they are about.
 */

/**
 * Who is reading the register of operations:
 * - `all`: every operation with the counterparty's personal data (supervisors, investigators, reviewers);
 * - `department`: the department's own operations, personal data included;
 * - `masked`: every operation, the counterparty's name and identity number masked wherever they appear (an admin
 *   operates the system and needs no personal data).
 */
export type OperationViewer = { kind: 'all' } | { kind: 'department'; department: string } | { kind: 'masked' };

export function operationViewerOf(reader: Actor): OperationViewer {
  switch (reader.role) {
    case 'supervisor':
    case 'investigator':
    case 'reviewer':
      return { kind: 'all' };
    case 'department':
      return { kind: 'department', department: reader.department ?? '' };
    case 'admin':
      return { kind: 'masked' };
  }
}

/**
 * Who reads an accountability case: investigators and supervisors all of it; the department concerned all but the
 * investigators' internal notes.
 */
export type CaseViewer = { kind: 'all' } | { kind: 'department'; department: string };

export function caseViewerOf(reader: Actor): CaseViewer {
  return reader.role === 'department' ? { kind: 'department', department: reader.department ?? '' } : { kind: 'all' };
}

/**
 * Who reads the catalogue of powers:
 * - `public`: no credentials; only what a publication disclosed (the last published version, never an unpublished
 *   amendment) of powers not classified on the date asked about nor today;
 * - `unclassified`: every power not classified on that date, disclosed or not (an admin, or a department key
 *   without a department);
 * - `department`: like `unclassified`, plus the classified powers the department holds on that date;
 * - `all`: everything, classified included (supervisors, investigators, reviewers).
 */
export type CatalogueViewer =
  { kind: 'public' } | { kind: 'unclassified' } | { kind: 'department'; department: string } | { kind: 'all' };

export function catalogueViewerOf(reader: Actor | undefined): CatalogueViewer {
  if (reader === undefined) return { kind: 'public' };
  switch (reader.role) {
    case 'supervisor':
    case 'investigator':
    case 'reviewer':
      return { kind: 'all' };
    case 'department':
      return reader.department === undefined
        ? { kind: 'unclassified' }
        : { kind: 'department', department: reader.department };
    case 'admin':
      return { kind: 'unclassified' };
  }
}

/**
 * Who reads the supervision office's records (complaints, inspections, findings, rectifications): the office (every
 * role but a department) all of them; a department those about it, as each record type allows.
 */
export type SupervisionViewer = { kind: 'office' } | { kind: 'department'; department: string };

export function supervisionViewerOf(reader: Actor): SupervisionViewer {
  return reader.role === 'department'
    ? { kind: 'department', department: reader.department ?? '' }
    : { kind: 'office' };
}
