import { officialCalendar } from '../calendar/official-calendar';
import { DomainError } from '../shared/domain-error';
import { Actor } from '../power/power.types';
import { RegisterOperation } from './operation.commands';
import { knownWorkingDaysBetween } from './operation.deadlines';
import { operationDecider } from './operation.decide';
import { eventDrivenOperationAlerts, operationRecordOf } from './operation.detectors';
import { OperationPowerInput } from './operation.types';

/**
 * Backdated operations do not escape supervision: the rules that need no calendar fire whatever the date, late
 * registration is decided on the working days the calendar knows when they already exceed the limit, and a rule that
 * cannot decide says so instead of silencing the others. The shipped calendar knows 2010–2026.
 */

const calendar = officialCalendar();
const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
const POWER: OperationPowerInput = {
  code: 'CG-CF-0001',
  exists: true,
  inForce: true,
  ownerDepartment: 'CG',
  category: 'penalty',
  timeLimit: { legalDays: 20, committedDays: 5 },
};

function register(acceptedAt: string, recordedAt: string, power: Partial<OperationPowerInput> = {}): RegisterOperation {
  return {
    type: 'RegisterOperation',
    actor: CG,
    recordedAt,
    id: 'OP-OLD',
    powerCode: POWER.code,
    department: 'CG',
    caseNumber: '宁城罚〔2009〕1号',
    counterparty: { kind: 'person', name: '李四' },
    handlers: [{ name: '王五', post: '执法队员' }],
    acceptedAt,
    power: { ...POWER, ...power },
    calendar,
  };
}

function detect(command: RegisterOperation) {
  const [event] = operationDecider.decide(command, operationDecider.initialState);
  const record = operationRecordOf([{ eventId: 'e1', event, recordedAt: command.recordedAt, version: 1 }])!;
  const undecided: { cause: string; error: DomainError }[] = [];
  const alerts = eventDrivenOperationAlerts(record, {
    calendar,
    onUndecided: (cause, error) => undecided.push({ cause, error }),
  });
  return { causes: alerts.map((a) => a.cause), undecided };
}

describe('knownWorkingDaysBetween', () => {
  it('counts exactly within known years, like workingDaysBetween', () => {
    expect(knownWorkingDaysBetween('2025-09-30', '2025-10-14', calendar)).toEqual({
      days: calendar.workingDaysBetween('2025-09-30', '2025-10-14'),
      unknownYears: [],
    });
    expect(knownWorkingDaysBetween('2024-12-30', '2025-01-03', calendar)).toEqual({ days: 3, unknownYears: [] });
    expect(knownWorkingDaysBetween('2025-01-03', '2025-01-03', calendar)).toEqual({ days: 0, unknownYears: [] });
  });

  it('counts the known years only and names the unknown ones', () => {
    // 2010-01-01 is a holiday, so the known days are those after it in January.
    expect(calendar.isWorkingDay('2010-01-01')).toBe(false);
    expect(knownWorkingDaysBetween('2009-12-30', '2010-01-31', calendar)).toEqual({
      days: calendar.workingDaysBetween('2010-01-01', '2010-01-31'),
      unknownYears: [2009],
    });
    // Counting from 31 December takes no day of that year.
    expect(knownWorkingDaysBetween('2009-12-31', '2010-01-31', calendar)).toEqual({
      days: calendar.workingDaysBetween('2010-01-01', '2010-01-31'),
      unknownYears: [],
    });
    expect(knownWorkingDaysBetween('2026-12-30', '2027-01-05', calendar)).toEqual({ days: 1, unknownYears: [2027] });
  });
});

describe('backdated registrations', () => {
  it('raises power-not-in-force at once for a cancelled power accepted in 2009, and late registration too', () => {
    expect(
      detect(
        register('2009-12-31T09:00:00+08:00', '2026-12-03T10:00:00+08:00', {
          inForce: false,
          notInForceReason: 'cancelled',
        }),
      ),
    ).toEqual({ causes: ['power-not-in-force', 'late-registration'], undecided: [] });
  });

  it("raises power-not-in-force for another department's power whatever the date", () => {
    expect(
      detect(register('2009-12-31T09:00:00+08:00', '2026-12-03T10:00:00+08:00', { ownerDepartment: 'ZF' })),
    ).toMatchObject({ causes: ['power-not-in-force', 'late-registration'] });
  });

  it('decides late registration from the known working days when they alone exceed the limit', () => {
    // 2009 is unknown; 2010-01-04 … 01-07 are four known working days after it (01-01 is a holiday): more than 3.
    expect(detect(register('2009-12-30T09:00:00+08:00', '2010-01-07T10:00:00+08:00'))).toEqual({
      causes: ['late-registration'],
      undecided: [],
    });
  });

  it('leaves late registration undecided when the known days do not exceed the limit, and says why', () => {
    const { causes, undecided } = detect(
      register('2009-12-30T09:00:00+08:00', '2010-01-05T10:00:00+08:00', {
        inForce: false,
        notInForceReason: 'cancelled',
      }),
    );
    expect(causes).toEqual(['power-not-in-force']);
    expect(undecided).toHaveLength(1);
    expect(undecided[0].cause).toBe('late-registration');
    expect(undecided[0].error).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', details: { year: 2009 } });
  });
});
