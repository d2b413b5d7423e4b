import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/problem-details.response.dto';
import { CaseOutcomePageResponse } from './case.response.dto';
import { CaseReader } from './case-reader';
import { CaseOutcomesQuery } from './list-cases.request.dto';

/** What the public sees of accountability: the disclosed outcomes (通报) of closed cases, names masked. */
@ApiTags('cases')
@Public()
@Controller('v1/case-outcomes')
export class CaseOutcomesController {
  constructor(private readonly cases: CaseReader) {}

  @Get()
  @ApiOperation({
    summary: 'Disclosed outcomes (通报) of closed cases, newest first',
    description:
      'Anyone, without a key. Who was held responsible (names masked per CASE_PUBLIC_NAMES), the tier and ' +
      'measures in force, and the decisions against departments; nothing of the investigation.',
  })
  @ApiOkResponse({ type: CaseOutcomePageResponse })
  @ApiProblems(400, 401, 503)
  list(@Query() query: CaseOutcomesQuery): Promise<CaseOutcomePageResponse> {
    return this.cases.outcomes(query);
  }
}
