/**
 * Where the key service checks that a department key names a department that exists. Departments arrive
 * with their own issue; until a module provides DEPARTMENT_DIRECTORY, department codes are checked for
 * format only.
 */
export interface DepartmentDirectory {
  exists(code: string): Promise<boolean>;
}

export const DEPARTMENT_DIRECTORY = Symbol('DepartmentDirectory');
