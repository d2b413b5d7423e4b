import { fieldsRejected, validatedBody } from '../http/request-validation.testing';
import { RegisterDepartmentRequest } from './register-department.request.dto';

/**
 * The shape of a department's registration is checked here, once, at the edge (docs/architecture.md, "One
 * validation boundary"); the department decider keeps its rules (a name of blanks is no name, no department is its
 * own parent, a parent is registered).
 */
describe('department requests, checked at the edge', () => {
  it('takes a well-formed registration', async () => {
    await expect(
      validatedBody({ code: 'CG-ZFDD', name: '城市管理行政执法大队', parent: 'CG' }, RegisterDepartmentRequest),
    ).resolves.toBeInstanceOf(RegisterDepartmentRequest);
  });

  it.each([['cg'], ['C'], ['1CG'], ['CG_ZF'], [`C${'G'.repeat(32)}`], ['城管']])(
    'rejects the code %j',
    async (code) => {
      expect(await fieldsRejected({ code, name: '城管局' }, RegisterDepartmentRequest)).toEqual(['code']);
    },
  );

  it('limits the name to 100 characters', async () => {
    expect(await fieldsRejected({ code: 'CG', name: '局'.repeat(101) }, RegisterDepartmentRequest)).toEqual(['name']);
  });

  it('rejects a malformed parent code, and reports every invalid field at once', async () => {
    expect(await fieldsRejected({ code: 'CG', name: '城管局', parent: 'cg' }, RegisterDepartmentRequest)).toEqual([
      'parent',
    ]);
    expect(await fieldsRejected({ code: 'x', name: '', parent: 'y' }, RegisterDepartmentRequest)).toEqual([
      'code',
      'name',
      'parent',
    ]);
  });
});
