import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/problem-details.response.dto';
import { DepartmentPageResponse } from './department.response.dto';
import { DepartmentsService } from './departments.service';
import { ListDepartmentsRequest } from './list-departments.request.dto';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('departments')
@Public()
@Controller('v1/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: 'The registered departments, ordered by code' })
  @ApiOkResponse({ type: DepartmentPageResponse })
  @ApiProblems(400, 401, 503)
  list(@Query() query: ListDepartmentsRequest): Promise<DepartmentPageResponse> {
    return this.departments.list({ ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}
