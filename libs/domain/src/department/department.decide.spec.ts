import { deciderSpec } from '@app/testing/decider-spec';
import { fold } from '../shared/decider';
import { Actor } from '../power/power.types';
import { RegisterDepartment } from './department.commands';
import { departmentDecider } from './department.decide';
import { DepartmentRegistered, departmentStreamId } from './department.events';

const given = deciderSpec(departmentDecider);

const ADMIN: Actor = { id: 'ops-1', role: 'admin' };

function register(overrides: Partial<RegisterDepartment> = {}): RegisterDepartment {
  return {
    type: 'RegisterDepartment',
    actor: ADMIN,
    code: 'CG-ZFDD',
    name: '城市管理行政执法大队',
    parentRegistered: false,
    ...overrides,
  };
}

function registered(data: Partial<DepartmentRegistered['data']> = {}): DepartmentRegistered {
  return { type: 'DepartmentRegistered', data: { code: 'CG-ZFDD', name: '城市管理行政执法大队', ...data } };
}

describe('registering a department', () => {
  it('records the code and the trimmed name', () => {
    given([])
      .when(register({ name: '  城市管理行政执法大队 ' }))
      .then([registered()]);
  });

  it('records a registered parent', () => {
    given([])
      .when(register({ parent: 'CG', parentRegistered: true }))
      .then([registered({ parent: 'CG' })]);
  });

  it('rejects a parent that is not registered with DEPARTMENT_NOT_FOUND on the parent field', () => {
    const error = given([])
      .when(register({ parent: 'CG', parentRegistered: false }))
      .thenThrows('DEPARTMENT_NOT_FOUND');
    expect(error.category).toBe('rule');
    expect(error.fieldErrors).toEqual({ parent: ['must be a registered department'] });
  });

  it('rejects a second registration of the same code as a conflict', () => {
    const error = given([registered()])
      .when(register({ name: '另一个名称' }))
      .thenThrows('DEPARTMENT_EXISTS');
    expect(error.category).toBe('conflict');
  });

  it.each([['CG'], [`C${'G'.repeat(31)}`], ['Z9-01']])('accepts the code %j', (code) => {
    given([])
      .when(register({ code }))
      .then([registered({ code })]);
  });

  it('requires a name', () => {
    const error = given([])
      .when(register({ name: '   ' }))
      .thenThrows('FIELD_REQUIRED');
    expect(error.fieldErrors).toEqual({ name: ['must not be empty'] });
  });

  it('records a name of 100 characters, the longest a request may give', () => {
    given([])
      .when(register({ name: '局'.repeat(100) }))
      .then([registered({ name: '局'.repeat(100) })]);
  });

  it('rejects a department that is its own parent', () => {
    expect(
      given([])
        .when(register({ parent: 'CG-ZFDD', parentRegistered: true }))
        .thenThrows('INVALID_FIELD').fieldErrors,
    ).toEqual({ parent: ['must not be the department itself'] });
  });

  it('reports every broken rule at once', () => {
    const error = given([])
      .when(register({ name: ' ', parent: 'CG-ZFDD', parentRegistered: true }))
      .thenThrows('FIELD_REQUIRED');
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['name', 'parent']);
  });

  it.each([['department'], ['reviewer'], ['supervisor'], ['investigator']] as const)('forbids the %s role', (role) => {
    const error = given([])
      .when(register({ actor: { id: 'u', role, department: 'CG' } }))
      .thenThrows('FORBIDDEN_ROLE');
    expect(error.category).toBe('forbidden');
  });
});

describe('department state', () => {
  it('is registered after the registration and keeps the first registration when replayed with a stray second', () => {
    expect(fold(departmentDecider, [registered({ parent: 'CG' }), registered({ name: '后来的名称' })])).toEqual({
      status: 'registered',
      code: 'CG-ZFDD',
      name: '城市管理行政执法大队',
      parent: 'CG',
    });
  });

  it('lives on the stream department-<code>', () => {
    expect(departmentStreamId('CG-ZFDD')).toBe('department-CG-ZFDD');
  });
});
