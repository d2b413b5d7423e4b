import { OperationPower } from '@app/domain';
import { powerShownTo } from './operation-power';

const CLASSIFIED: OperationPower = {
  code: 'YC-NB-0001',
  inForce: false,
  notInForceReason: 'other-department',
  name: '涉密事项审批',
  ownerDepartment: 'YCJ',
  category: 'internal-management',
  important: true,
  timeLimit: { legalDays: 20, committedDays: 10, unit: 'working' },
  classified: true,
  version: 2,
};

describe('powerShownTo', () => {
  it('shows another department a classified power exactly as a code the catalogue does not hold', () => {
    expect(powerShownTo(CLASSIFIED, { kind: 'department', department: 'CG' })).toEqual({
      code: 'YC-NB-0001',
      inForce: false,
      notInForceReason: 'not-in-catalogue',
    });
  });

  it('shows an admin nothing of a classified power but its code and whether it was in force', () => {
    const own = { ...CLASSIFIED, inForce: true, notInForceReason: undefined };
    expect(powerShownTo(own, { kind: 'masked' })).toEqual({ code: 'YC-NB-0001', inForce: true });
  });

  it('shows a classified power whole to the department holding it and to the supervising roles', () => {
    expect(powerShownTo(CLASSIFIED, { kind: 'department', department: 'YCJ' })).toBe(CLASSIFIED);
    expect(powerShownTo(CLASSIFIED, { kind: 'all' })).toBe(CLASSIFIED);
  });

  it('shows an unclassified power to every reader', () => {
    const open = { ...CLASSIFIED, classified: false };
    expect(powerShownTo(open, { kind: 'department', department: 'CG' })).toBe(open);
    expect(powerShownTo(open, { kind: 'masked' })).toBe(open);
  });

  it('hides the power of a registration recorded before classifications were frozen from anyone but its holder', () => {
    const { classified: _classified, ...unknown } = CLASSIFIED;
    expect(powerShownTo(unknown, { kind: 'department', department: 'CG' })).toEqual({
      code: 'YC-NB-0001',
      inForce: false,
      notInForceReason: 'not-in-catalogue',
    });
    expect(powerShownTo(unknown, { kind: 'department', department: 'YCJ' })).toBe(unknown);
  });
});
