import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { Write, WriteContext } from '../http/write-context';
import { DepartmentRegisteredResponse } from './department.response.dto';
import { DepartmentsService } from './departments.service';
import { RegisterDepartmentRequest } from './register-department.request.dto';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/departments')
export class AdminDepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a department',
    description: 'Codes are permanent: registering a code again is 409 DEPARTMENT_EXISTS.',
  })
  @WriteEndpoint({
    created: {
      type: DepartmentRegisteredResponse,
      headers: { ETag: { description: 'The department’s version', schema: { type: 'string' } } },
    },
    problems: [400, 409, 413, 415, 422],
    ifMatch: false,
  })
  register(
    @Body() body: RegisterDepartmentRequest,
    @Write({ ifMatch: false }) context: WriteContext,
  ): Promise<DepartmentRegisteredResponse> {
    return this.departments.register(body, context);
  }
}
