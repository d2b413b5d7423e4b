import { PublicComplaintView } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { RateLimits, tooManyRequests } from '../auth/rate-limits';
import { ApiProblems } from '../http/problem-details.response.dto';
import { PublicComplaintRequest } from './complaint.requests.dto';
import { PublicComplaintReceivedResponse, PublicComplaintResponse } from './supervision-office.response.dto';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';

/**
 * The public form (网上投诉): anyone may complain without a key, within RATE_LIMIT_PUBLIC_COMPLAINTS per address, and
 * follows the complaint with the tracking code it is given: its status and the replies, nothing else.
 */
@ApiTags('public')
@Controller('v1/public/complaints')
export class PublicComplaintsController {
  constructor(
    private readonly office: SupervisionOfficeCommands,
    private readonly records: SupervisionOfficeReader,
    private readonly limits: RateLimits,
  ) {}

  @Post()
  @HttpCode(201)
  @Public()
  @ApiOperation({
    summary: 'File a complaint through the public form',
    description:
      'No key. Answered with a tracking code, the only way to follow the complaint: it is stored nowhere (only its ' +
      'SHA-256), so keep it. Beyond RATE_LIMIT_PUBLIC_COMPLAINTS per address and window: 429 with Retry-After.',
  })
  @ApiCreatedResponse({ type: PublicComplaintReceivedResponse })
  @ApiProblems(400, 413, 415, 429)
  async file(
    @Body() body: PublicComplaintRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublicComplaintReceivedResponse> {
    const retryAfter = this.limits.publicComplaints.hit(request.ip);
    if (retryAfter !== undefined) {
      void reply.header('Retry-After', String(retryAfter));
      throw tooManyRequests(`Too many complaints from this address; retry in ${retryAfter} s`);
    }
    const { trackingCode } = await this.office.receivePublic(body, request.id);
    return { trackingCode };
  }

  @Get(':trackingCode')
  @Public()
  @ApiParam({ name: 'trackingCode', example: 'K7QM-3XWD-9RTA-PZ4H-B2NE' })
  @ApiOperation({ summary: 'Follow a complaint by its tracking code: status and replies' })
  @ApiOkResponse({ type: PublicComplaintResponse })
  @ApiProblems(404)
  status(@Param('trackingCode') trackingCode: string): Promise<PublicComplaintView> {
    return this.records.publicStatus(trackingCode);
  }
}
