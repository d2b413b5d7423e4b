import { operationPowerOn, powerInForceFor } from './operation-power';

describe('powerInForceFor: whether a power is in force for an operation of a department', () => {
  it('is in force when in force on the date and the department’s own', () => {
    expect(powerInForceFor({ exists: true, inForce: true, ownerDepartment: 'CG' }, 'CG')).toEqual({ inForce: true });
  });

  it('is another department’s whatever its state, so that nothing more of it is told', () => {
    expect(powerInForceFor({ exists: true, inForce: true, ownerDepartment: 'YCJ' }, 'CG')).toEqual({
      inForce: false,
      notInForceReason: 'other-department',
    });
    expect(
      powerInForceFor({ exists: true, inForce: false, notInForceReason: 'cancelled', ownerDepartment: 'YCJ' }, 'CG'),
    ).toEqual({ inForce: false, notInForceReason: 'other-department' });
  });

  it('keeps the reason read on the date, and calls a code the catalogue does not hold not-in-catalogue', () => {
    expect(
      powerInForceFor({ exists: true, inForce: false, notInForceReason: 'cancelled', ownerDepartment: 'CG' }, 'CG'),
    ).toEqual({ inForce: false, notInForceReason: 'cancelled' });
    expect(powerInForceFor({ exists: false, inForce: false }, 'CG')).toEqual({
      inForce: false,
      notInForceReason: 'not-in-catalogue',
    });
  });
});

describe('operationPowerOn', () => {
  it('reads a code with no approved event as not in the catalogue', () => {
    expect(operationPowerOn('CG-XK-0001', [], '2025-03-03T09:00:00+08:00')).toEqual({
      code: 'CG-XK-0001',
      exists: false,
      inForce: false,
    });
  });
});
