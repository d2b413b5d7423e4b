import { Controller, Get, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
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
      'the database is unreachable (503). While the database or this process is busy the answer may be the ' +
      'previous check (`fresh: false`); `Cache-Control: no-cache` waits for a check made after the request.',
  })
  @ApiHeader({
    name: 'Cache-Control',
    required: false,
    description: 'no-cache: answer with a check that started after this request, however long it takes',
  })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'The database is unreachable' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    // Read here rather than with @Headers, which would document the header a second time, as required.
    const cacheControl = reply.request.headers['cache-control'];
    const report = await this.health.check({ mustBeFresh: /\bno-cache\b/i.test(cacheControl ?? '') });
    if (!report.database.reachable) void reply.status(503);
    return report;
  }
}
