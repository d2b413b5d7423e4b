import { Body, Controller, Get, Header, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponseOptions,
  ApiTags,
} from '@nestjs/swagger';
import { Principal } from '@app/access';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { Tagged } from '../http/entity-tag';
import { API_KEY_SECURITY } from '../http/openapi';
import { ApiProblems } from '../http/problem-details.response.dto';
import { Write, WriteContext } from '../http/write-context';
import { JSON_CONTENT_TYPE, JsonText, RAW_JSON_BODY } from '../http/json-text';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CompleteOperationRequest } from './complete-operation.request.dto';
import { ListOperationsQuery } from './list-operations.request.dto';
import { OperationViewQuery } from './operation-view.request.dto';
import {
  OperationBatchResponse,
  OperationPageResponse,
  OperationRegisteredResponse,
  OperationResponse,
  OperationTimelineResponse,
  OperationWrittenResponse,
} from './operation.response.dto';
import { OperationsService } from './operations.service';
import { RecordDecisionRequest } from './record-decision.request.dto';
import { RecordStepRequest } from './record-step.request.dto';
import { RegisterOperationRequest } from './register-operation.request.dto';
import { RegisterOperationsBatchRequest } from './register-operations-batch.request.dto';
import { BatchAdmission } from './batch-admission.interceptor';

const ETAG = { ETag: { description: 'The new version', schema: { type: 'string' } } };
const WRITTEN: ApiResponseOptions = { type: OperationWrittenResponse, description: 'Recorded', headers: ETAG };
const ID = ApiParam({ name: 'id', description: 'The operation id' });
const READERS =
  'Supervisor, investigator, reviewer; a department its own operations; an admin with the counterparty masked.';

/**
 * Important power operations (重要行政权力运行动态登记). Writes are open to every key at the HTTP level: who may
 * register or follow up (a department for itself, a reviewer following up) is the operation decider's rule,
 * answered 403 from there.
 */
@ApiTags('operations')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Post()
  @WriteEndpoint({
    created: { type: OperationRegisteredResponse, description: 'Registered; ETag: "1"', headers: ETAG },
    problems: [400, 401, 403, 409, 413, 415, 422],
  })
  @ApiOperation({
    summary: 'Register an operation on an important power of the department; deadlines are computed',
    description:
      'Department, for itself. A power not in force for the department on the acceptance date, or a code the ' +
      'catalogue does not hold, is recorded all the same (power.inForce false, no deadlines, a red ground-1 alert). ' +
      'Deadlines that reach a calendar year not yet published are pending (deadlinesPending.years) and computed ' +
      'once it is; an acceptance before MIN_PLAUSIBLE_DATE is 400 naming acceptedAt.',
  })
  register(
    @Body() body: RegisterOperationRequest,
    @Write() context: WriteContext,
  ): Promise<OperationRegisteredResponse> {
    return this.operations.register(body, context);
  }

  @Post('batch')
  @UseInterceptors(BatchAdmission)
  @WriteEndpoint({
    created: { type: OperationBatchResponse, description: 'Every item registered, in the request order' },
    problems: [400, 401, 403, 409, 413, 415, 422],
    ifMatch: false,
    tagged: false,
  })
  @ApiOperation({
    summary: 'Register up to 1,000 operations in one transaction: all or nothing',
    description: 'Department, for itself. Any invalid item fails the request, its index in the errors (items.3.…).',
  })
  // The body stays the text that arrived (JsonText): it is parsed and validated where the batch is handled, maybe in
  // a worker thread (BatchRegistrations), which answers with the response already JSON (the content type says so).
  // ApiBody and the created response document what each holds.
  @RouteConfig({ [RAW_JSON_BODY]: true })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  @ApiBody({ type: RegisterOperationsBatchRequest })
  registerBatch(@Body() body: JsonText, @Write({ ifMatch: false }) context: WriteContext): Promise<Uint8Array> {
    return this.operations.registerBatch(body, context);
  }

  @Post(':id/steps')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @ID
  @ApiOperation({
    summary: 'Record a step; pause and resume stop and restart the clock, resume moves both deadlines',
    description: 'The registering department, reviewer.',
  })
  recordStep(
    @Param('id') id: string,
    @Body() body: RecordStepRequest,
    @Write() context: WriteContext,
  ): Promise<OperationWrittenResponse> {
    return this.operations.recordStep(id, body, context);
  }

  @Post(':id/decision')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @ID
  @ApiOperation({ summary: 'Record the decision', description: 'The registering department, reviewer.' })
  recordDecision(
    @Param('id') id: string,
    @Body() body: RecordDecisionRequest,
    @Write() context: WriteContext,
  ): Promise<OperationWrittenResponse> {
    return this.operations.recordDecision(id, body, context);
  }

  @Post(':id/completion')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @ID
  @ApiOperation({ summary: 'Complete 办结 the operation', description: 'The registering department, reviewer.' })
  complete(
    @Param('id') id: string,
    @Body() body: CompleteOperationRequest,
    @Write() context: WriteContext,
  ): Promise<OperationWrittenResponse> {
    return this.operations.complete(id, body, context);
  }

  @Get()
  @ApiOperation({ summary: 'The register, newest accepted first; filters and keyset pages', description: READERS })
  @ApiOkResponse({ type: OperationPageResponse })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() query: ListOperationsQuery, @CurrentPrincipal() principal: Principal): Promise<OperationPageResponse> {
    return this.operations.list(query, principal);
  }

  @Get(':id')
  @ID
  @ApiOperation({ summary: 'One operation: where it stands, its deadlines and its alerts', description: READERS })
  @ApiOkResponse({
    type: OperationResponse,
    headers: { ETag: { description: 'The version', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404, 503)
  @Tagged()
  get(
    @Param('id') id: string,
    @Query() query: OperationViewQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OperationResponse> {
    return this.operations.get(id, query, principal);
  }

  @Get(':id/timeline')
  @ID
  @ApiOperation({ summary: 'Every event of the operation, oldest first, from the log', description: READERS })
  @ApiOkResponse({ type: OperationTimelineResponse })
  @ApiProblems(401, 403, 404)
  timeline(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<OperationTimelineResponse> {
    return this.operations.timeline(id, principal);
  }
}
