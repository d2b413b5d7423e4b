import { Actor } from '../power/power.types';
import { caseViewerOf, catalogueViewerOf, operationViewerOf, supervisionViewerOf } from './read-access';

const as = (role: Actor['role'], department?: string): Actor => ({ id: 'u', role, department });

describe('who reads what', () => {
  it.each([
    ['supervisor', undefined, { kind: 'all' }],
    ['investigator', undefined, { kind: 'all' }],
    ['reviewer', undefined, { kind: 'all' }],
    ['department', 'CG', { kind: 'department', department: 'CG' }],
    ['admin', undefined, { kind: 'masked' }],
  ] as const)('operations: a %s reads %j', (role, department, viewer) => {
    expect(operationViewerOf(as(role, department))).toEqual(viewer);
  });

  it.each([
    ['supervisor', undefined, { kind: 'all' }],
    ['investigator', undefined, { kind: 'all' }],
    ['reviewer', undefined, { kind: 'all' }],
    ['department', 'CG', { kind: 'department', department: 'CG' }],
    ['department', undefined, { kind: 'unclassified' }],
    ['admin', undefined, { kind: 'unclassified' }],
  ] as const)('the catalogue: a %s of %s reads %j', (role, department, viewer) => {
    expect(catalogueViewerOf(as(role, department))).toEqual(viewer);
  });

  it('the catalogue without credentials: what was published, as the public', () => {
    expect(catalogueViewerOf(undefined)).toEqual({ kind: 'public' });
  });

  it.each(['supervisor', 'investigator', 'reviewer', 'admin'] as const)(
    'cases and the supervision records: a %s reads them all; a department those about it',
    (role) => {
      expect(caseViewerOf(as(role))).toEqual({ kind: 'all' });
      expect(supervisionViewerOf(as(role))).toEqual({ kind: 'office' });
      expect(caseViewerOf(as('department', 'CG'))).toEqual({ kind: 'department', department: 'CG' });
      expect(supervisionViewerOf(as('department', 'CG'))).toEqual({ kind: 'department', department: 'CG' });
    },
  );
});
