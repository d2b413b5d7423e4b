import { assertNever, Decider } from '../shared/decider';
import { Actor, DEPARTMENT_CODE_PATTERN } from '../power/power.types';
import { DepartmentCommand, RegisterDepartment } from './department.commands';
import { FieldIssues } from '../shared/field-issues';
import { DepartmentValidationCode, departmentErrors } from './department.errors';
import { DepartmentEvent, DepartmentRegistered } from './department.events';
import { DepartmentState, initialDepartmentState } from './department.state';

/** Long enough for the longest official unit names (…局…大队…中队), short enough to fit a list column. */
export const DEPARTMENT_NAME_MAX_LENGTH = 100;

export function isDepartmentCode(value: unknown): value is string {
  return typeof value === 'string' && DEPARTMENT_CODE_PATTERN.test(value);
}

/** Departments are master data: only system operators (admin) manage them (docs/domain.md, "Who uses it"). */
function authorize(actor: Actor): void {
  if (actor.role !== 'admin') throw departmentErrors.forbiddenRole(actor.role);
}

/**
 * Only the rules: the shape (the code's and the parent's pattern, a name of at most DEPARTMENT_NAME_MAX_LENGTH) is
 * the request's to check (docs/architecture.md, "One validation boundary"). The name is recorded trimmed, so a name
 * of blanks is no name; and a department is not its own parent.
 */
function checkRegistration(command: RegisterDepartment): void {
  const issues = new FieldIssues<DepartmentValidationCode>(departmentErrors.invalid);
  issues.check(command.name.trim() !== '', 'FIELD_REQUIRED', 'name', 'must not be empty');
  issues.check(command.parent !== command.code, 'INVALID_FIELD', 'parent', 'must not be the department itself');
  issues.throwIfAny();
}

/**
 * A parent must already be registered and is never changed afterwards, so the hierarchy cannot form a cycle: every
 * department was registered after all of its ancestors.
 */
function register(command: RegisterDepartment, state: DepartmentState): DepartmentRegistered {
  checkRegistration(command);
  if (state.status === 'registered') throw departmentErrors.exists(command.code);
  if (command.parent !== undefined && !command.parentRegistered) {
    throw departmentErrors.notFound(command.parent, 'parent');
  }
  return {
    type: 'DepartmentRegistered',
    data: {
      code: command.code,
      name: command.name.trim(),
      ...(command.parent !== undefined ? { parent: command.parent } : {}),
    },
  };
}

export function decideDepartment(command: DepartmentCommand, state: DepartmentState): DepartmentEvent[] {
  authorize(command.actor);
  switch (command.type) {
    case 'RegisterDepartment':
      return [register(command, state)];
    default:
      return assertNever(command.type, 'department command');
  }
}

/** Total: a second registration, which decide never emits, leaves the first one standing. */
export function evolveDepartment(state: DepartmentState, event: DepartmentEvent): DepartmentState {
  switch (event.type) {
    case 'DepartmentRegistered': {
      if (state.status === 'registered') return state;
      const { code, name, parent } = event.data;
      return { status: 'registered', code, name, ...(parent !== undefined ? { parent } : {}) };
    }
    default:
      return assertNever(event.type, 'department event');
  }
}

export const departmentDecider: Decider<DepartmentCommand, DepartmentEvent, DepartmentState> = {
  initialState: initialDepartmentState,
  decide: decideDepartment,
  evolve: evolveDepartment,
};
