export interface UnregisteredDepartment {
  status: 'unregistered';
}

export interface RegisteredDepartment {
  status: 'registered';
  code: string;
  name: string;
  parent?: string;
}

export type DepartmentState = UnregisteredDepartment | RegisteredDepartment;

export const initialDepartmentState: DepartmentState = { status: 'unregistered' };
