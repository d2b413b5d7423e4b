import { DomainEvent } from '../shared/decider';

/** Events of a department's stream (`department-<code>`). */

export interface DepartmentRegisteredData {
  code: string;
  name: string;
  parent?: string;
}

export type DepartmentRegistered = DomainEvent<'DepartmentRegistered', DepartmentRegisteredData>;

export type DepartmentEvent = DepartmentRegistered;
export type DepartmentEventType = DepartmentEvent['type'];

export const DEPARTMENT_EVENT_TYPES = ['DepartmentRegistered'] as const satisfies readonly DepartmentEventType[];

/** Departments live on one stream each, so registering one never contends with registering another. */
export function departmentStreamId(code: string): string {
  return `department-${code}`;
}
