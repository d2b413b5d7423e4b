import { Actor } from '../power/power.types';

export interface RegisterDepartment {
  type: 'RegisterDepartment';
  actor: Actor;
  code: string;
  name: string;
  parent?: string;
  /**
   * Whether `parent` names a registered department. One stream's decider cannot see another stream, so the handler
   * reads the parent's stream and passes the answer in; meaningless without `parent`.
   */
  parentRegistered: boolean;
}

export type DepartmentCommand = RegisterDepartment;
