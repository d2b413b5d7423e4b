import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HealthReport } from './health.response.dto';
import { HealthService } from './health.service';

@ApiTags('meta')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness',
    description:
      'degraded: a projection fails on an event (200; `failure` says which event and why) or is stalled (200), or ' +
      'the database is unreachable (503).',
  })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'The database is unreachable' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    if (!report.database.reachable) void reply.status(503);
    return report;
  }
}
