import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponseOptions, ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/access';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { Tagged } from '../http/entity-tag';
import { API_KEY_SECURITY } from '../http/openapi';
import { ApiProblems } from '../http/problem-details.response.dto';
import { Write, WriteContext } from '../http/write-context';
import { ListPowersQuery } from './list-powers.request.dto';
import { ListProposalsQuery } from './list-proposals.request.dto';
import { PowerViewQuery } from './power-view.request.dto';
import {
  PowerPageResponse,
  PowerResponse,
  PowerTimelineResponse,
  PowerWrittenResponse,
  ProposalPageResponse,
} from './power.response.dto';
import { PowersService } from './powers.service';
import {
  ApprovePowerProposalRequest,
  CancelPowerRequest,
  ChangePowerRequest,
  GrantPowerRequest,
  PublishPowerRequest,
  RejectPowerProposalRequest,
  TransferPowerRequest,
} from '@app/contracts';

const WRITTEN: ApiResponseOptions = {
  type: PowerWrittenResponse,
  description: 'Recorded; ETag: "<version>"',
  headers: { ETag: { description: 'The new version', schema: { type: 'string' } } },
};
const CODE = ApiParam({ name: 'code', example: 'YC-CF-0001', description: '权力编码' });
const PROPOSAL = ApiParam({
  name: 'proposalId',
  example: '2',
  description: "The proposal's id, as the proposal's write (proposal.id) and GET /v1/powers/proposals give it",
});
/** Who records what: a department's facts are proposals (申报) until a reviewer approves them (审核). */
const REVIEWED =
  ' A department key records a proposal (type PowerProposed, proposal.status pending) that takes effect only once ' +
  'a reviewer approves it; a reviewer or admin key records a fact approved already (e.g. imports), in effect at once.';

/**
 * The power catalogue (职权目录). Writes are open to every key at the HTTP level: who may register which fact (a
 * department for its own powers, a reviewer for any) is a rule of the power decider, answered 403 from there.
 */
@ApiTags('powers')
@Controller('v1/powers')
export class PowersController {
  constructor(private readonly powers: PowersService) {}

  @Post()
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 409, 413, 415, 422] })
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: 'Grant 设定/新增: a power enters the catalogue',
    description: 'Department (own), reviewer, admin.' + REVIEWED,
  })
  grant(@Body() body: GrantPowerRequest, @Write() context: WriteContext): Promise<PowerWrittenResponse> {
    return this.powers.grant(body, context);
  }

  @Post(':code/changes')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @CODE
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: 'Change 变更: amend attributes or correct a recording error',
    description: 'Department holding the power today, reviewer, admin.' + REVIEWED,
  })
  change(
    @Param('code') code: string,
    @Body() body: ChangePowerRequest,
    @Write() context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    return this.powers.change(code, body, context);
  }

  @Post(':code/transfers')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @CODE
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: 'Transfer 转移/下放: another department exercises the power from effectiveFrom',
    description: 'Reviewer, admin, department holding the power today.' + REVIEWED,
  })
  transfer(
    @Param('code') code: string,
    @Body() body: TransferPowerRequest,
    @Write() context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    return this.powers.transfer(code, body, context);
  }

  @Post(':code/cancellation')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @CODE
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: 'Cancel 取消: the power leaves the catalogue from effectiveFrom',
    description: 'Department holding the power today, reviewer, admin.' + REVIEWED,
  })
  cancel(
    @Param('code') code: string,
    @Body() body: CancelPowerRequest,
    @Write() context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    return this.powers.cancel(code, body, context);
  }

  @Post(':code/publications')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @CODE
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: 'Publish 公开: the current version was disclosed through a channel on a date',
    description: 'Department holding the power today, reviewer, admin. A cancelled power is still published.',
  })
  publish(
    @Param('code') code: string,
    @Body() body: PublishPowerRequest,
    @Write() context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    return this.powers.publish(code, body, context);
  }

  @Post(':code/proposals/:proposalId/approval')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @CODE
  @PROPOSAL
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: "Approve 审核通过 a department's proposal: the fact takes effect on its proposed effectiveFrom",
    description:
      "Reviewer (规范办/法制办). The fact is decided again on today's catalogue and recorded now, with this approval " +
      'document: knownAt views show it from now on, and its publication duty runs from today. A proposal that ' +
      'classifies the power needs classificationApproved: true. 404 POWER_PROPOSAL_NOT_FOUND, 409 ' +
      'POWER_PROPOSAL_DECIDED when it was approved or rejected already, 422 when an approved fact made it ' +
      'impossible (e.g. POWER_EXISTS): reject it then.',
  })
  approve(
    @Param('code') code: string,
    @Param('proposalId') proposalId: string,
    @Body() body: ApprovePowerProposalRequest,
    @Write() context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    return this.powers.approve(code, proposalId, body, context);
  }

  @Post(':code/proposals/:proposalId/rejection')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 401, 403, 404, 409, 413, 415, 422] })
  @CODE
  @PROPOSAL
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: "Reject 审核不通过 a department's proposal with reasons: it never takes effect",
    description: 'Reviewer (规范办/法制办).',
  })
  reject(
    @Param('code') code: string,
    @Param('proposalId') proposalId: string,
    @Body() body: RejectPowerProposalRequest,
    @Write() context: WriteContext,
  ): Promise<PowerWrittenResponse> {
    return this.powers.reject(code, proposalId, body, context);
  }

  @Get('proposals')
  @Roles('department', 'reviewer', 'supervisor', 'investigator')
  @ApiBearerAuth(API_KEY_SECURITY)
  @ApiOperation({
    summary: "Departments' proposals (申报) and their review (审核), oldest first; status=pending is the queue",
    description:
      'Reviewer, supervisor, investigator: every proposal; a department: the ones it made. knownAt: as recorded ' +
      'at that instant (a proposal decided later shows pending).',
  })
  @ApiOkResponse({ type: ProposalPageResponse })
  @ApiProblems(400, 401, 403, 503)
  proposals(
    @Query() query: ListProposalsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProposalPageResponse> {
    return this.powers.proposals(query, principal);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The catalogue: current, as of a date (asOf) or as recorded at an instant (knownAt)',
    description:
      'Anyone. Without a key: the last published version of powers disclosed at least once, nothing of a power ' +
      'classified on the date asked about or today. A department key also sees the classified powers its ' +
      'department holds; reviewer, supervisor and investigator keys see everything. Only approved facts count; ' +
      'the department holding a power and the supervising roles also see its proposals.',
  })
  @ApiOkResponse({ type: PowerPageResponse })
  @ApiProblems(400, 401, 503)
  list(@Query() query: ListPowersQuery, @CurrentPrincipal() principal?: Principal): Promise<PowerPageResponse> {
    return this.powers.list(query, principal);
  }

  @Get(':code')
  @Public()
  @CODE
  @ApiOperation({
    summary: 'One power, current or asOf / knownAt; classified ones are 404 to those who may not see them',
  })
  @ApiOkResponse({ type: PowerResponse, headers: { ETag: { description: 'The version', schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 404, 503)
  @Tagged()
  get(
    @Param('code') code: string,
    @Query() query: PowerViewQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<PowerResponse> {
    return this.powers.get(code, query, principal);
  }

  @Get(':code/timeline')
  @Roles('department', 'reviewer', 'supervisor', 'investigator')
  @CODE
  @ApiOperation({
    summary: 'Every event of the power, oldest first, with actor, recorded time and effective time',
    description: 'Reviewer, supervisor, investigator; a department for a power it holds or once held.',
  })
  @ApiOkResponse({ type: PowerTimelineResponse })
  @ApiProblems(404)
  timeline(@Param('code') code: string, @CurrentPrincipal() principal: Principal): Promise<PowerTimelineResponse> {
    return this.powers.timeline(code, principal);
  }
}
