import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/projections';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { CorrelationId } from '../http/correlation-id';
import { Idempotent, Scope } from '../idempotency/idempotency.decorators';
import { WriteScope } from '../idempotency/write-scope';
import { ApiProblems } from '../http/problem-details.response.dto';
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
  @Idempotent()
  @ApiCreatedResponse({ type: DepartmentRegisteredResponse })
  @ApiProblems(400, 409, 413, 415, 422)
  register(
    @Body() body: RegisterDepartmentRequest,
    @CurrentPrincipal() actor: Principal,
    @CorrelationId() correlationId: string,
    @Scope() scope: WriteScope,
  ): Promise<DepartmentRegisteredResponse> {
    return this.departments.register(body, actor, correlationId, scope);
  }
}
