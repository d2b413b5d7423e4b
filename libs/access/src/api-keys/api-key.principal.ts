import { ACTOR_ROLES, Actor, ActorRole, DEPARTMENT_CODE_PATTERN } from '@app/domain';

/**
 * Who calls the API: the actor of docs/domain.md ("Who uses it"). A department principal is scoped to its department
 * code; every other role sees across departments and so carries none.
 */
export type Principal = Actor;
export type PrincipalRole = ActorRole;
export const PRINCIPAL_ROLES = ACTOR_ROLES;

export function isPrincipalRole(value: unknown): value is PrincipalRole {
  return typeof value === 'string' && (PRINCIPAL_ROLES as readonly string[]).includes(value);
}

/**
 * The rule tying role and department together, as field → messages (empty when valid). The HTTP layer and
 * the CLI both report these per field.
 */
export function principalFieldErrors(role: unknown, department: unknown): Record<string, string[]> {
  if (!isPrincipalRole(role)) return { role: [`role must be one of ${PRINCIPAL_ROLES.join(', ')}`] };
  if (role === 'department') {
    if (department === undefined || department === null || department === '')
      return { department: ['department is required for role department'] };
    if (typeof department !== 'string' || !DEPARTMENT_CODE_PATTERN.test(department))
      return { department: [`department must match ${DEPARTMENT_CODE_PATTERN.source}`] };
    return {};
  }
  if (department !== undefined && department !== null)
    return { department: [`department must be absent for role ${role}: that role is not scoped to a department`] };
  return {};
}
