import { Body, Controller, Get, Headers, HttpException, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponseOptions,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { filter, interval, map, merge, takeUntil } from 'rxjs';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { GlobalCheckpoint } from '@app/event-store';
import { Principal } from '@app/access';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { Tagged } from '../http/entity-tag';
import { ApiProblems } from '../http/problem-details.response.dto';
import { Write, WriteContext } from '../http/write-context';
import { AlertFeedService, keptOf, RaisedAlert } from './alert-feed.service';
import { sendEventStream } from './event-stream';
import {
  AcceptAlertAnswerRequest,
  AcknowledgeAlertRequest,
  AnswerAlertRequest,
  RejectAlertAnswerRequest,
  ResolveAlertRequest,
} from './alert-note.request.dto';
import { AlertPageResponse, AlertResponse, AlertWrittenResponse } from './alert.response.dto';
import { AlertsService } from './alerts.service';
import { AlertStreamQuery, AlertViewQuery, ListAlertsQuery } from './list-alerts.request.dto';

const WRITTEN: ApiResponseOptions = {
  type: AlertWrittenResponse,
  description: 'Recorded; ETag: "<version>"',
  headers: { ETag: { description: 'The new version', schema: { type: 'string' } } },
};
const ID = ApiParam({ name: 'id', example: 'op:01JQ7Z8K3M2N4P5Q6R7S8T9V0W:g7:committed-deadline-passed' });

/**
 * Electronic supervision (电子监察): the alerts the detectors raise, for the supervision office, investigators and
 * the department answerable for each. Acknowledging and resolving them is the supervision office's.
 */
@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly feed: AlertFeedService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('supervisor', 'investigator', 'department')
  @ApiOperation({
    summary: 'Alerts raised by the detectors, newest first',
    description: 'Supervisor and investigator: all; a department key: its own department’s only.',
  })
  @ApiOkResponse({ type: AlertPageResponse })
  @ApiProblems(400, 503)
  list(@Query() query: ListAlertsQuery, @CurrentPrincipal() principal: Principal): Promise<AlertPageResponse> {
    return this.alerts.list(query, principal);
  }

  @Get('stream')
  @Roles('supervisor', 'investigator', 'department')
  @ApiOperation({
    summary: 'Server-Sent Events: each new alert as it is raised',
    description:
      'Each alert raised after the stream opened is one event: `id` is the global position of its AlertRaised ' +
      'event, `data` the alert as in GET /v1/alerts. A comment (`: connected`) opens the stream and comments ' +
      '(`: heartbeat`) keep it alive. Same visibility as GET /v1/alerts, with the same department, ground and ' +
      "level filters. A client that reconnects with `Last-Event-ID` (browsers' EventSource does) first gets the " +
      'alerts raised after that event while it was away, then the new ones: none lost, none twice. One key holds ' +
      'at most ALERT_STREAMS_PER_KEY streams at a time (429 TOO_MANY_STREAMS beyond), and a client that leaves ' +
      'more than ALERT_STREAM_MAX_PENDING_BYTES of events unread is disconnected: it reconnects with Last-Event-ID.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The `id` of the last event received: the stream resumes after it',
    schema: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of alerts', content: { 'text/event-stream': {} } })
  @ApiProblems(400, 429)
  async stream(
    @Query() query: AlertStreamQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const department = this.alerts.departmentScope(principal, query.department);
    const from = lastEventId === undefined ? undefined : await this.resumeAfter(lastEventId);
    const release = this.feed.claimStream(principal.id);
    if (!release) {
      throw new HttpException(
        {
          code: 'TOO_MANY_STREAMS',
          message: `This key has ${this.config.ALERT_STREAMS_PER_KEY} alert streams open already, the most it may`,
        },
        429,
      );
    }
    // The feed says when it follows the log for this stream: that is when the stream opens (`: connected`).
    const wanted = (raised: RaisedAlert): boolean =>
      (department === undefined || raised.alert.department === department) &&
      (query.ground === undefined || raised.alert.ground === query.ground) &&
      (query.level === undefined || raised.alert.level === query.level);
    const alerts = this.feed.follow(from).pipe(
      map((batch) => (batch === undefined ? CONNECTED : keptOf(batch, wanted)?.sse)),
      filter((sse) => sse !== undefined),
    );
    const heartbeats = interval(this.config.ALERT_STREAM_HEARTBEAT_MS).pipe(map(() => HEARTBEAT));
    void reply.hijack();
    sendEventStream(
      reply.raw,
      merge(alerts, heartbeats).pipe(takeUntil(this.feed.closed)),
      this.config.ALERT_STREAM_MAX_PENDING_BYTES,
      release,
    );
  }

  /** The checkpoint after the event a Last-Event-ID names; 400 unless it names an event of the log. */
  private async resumeAfter(lastEventId: string): Promise<GlobalCheckpoint> {
    const position = /^[1-9][0-9]{0,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    const checkpoint = position === undefined ? undefined : await this.feed.checkpointOf(position);
    if (checkpoint === undefined) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'validation',
        'The request is invalid',
        {},
        {
          'Last-Event-ID': ['must be the id of an event this stream sent (a position in the log)'],
        },
      );
    }
    return checkpoint;
  }

  @Get(':id')
  @Roles('supervisor', 'investigator', 'department')
  @ID
  @ApiOperation({ summary: 'One alert', description: 'As GET /v1/alerts; another department’s alert is 404.' })
  @ApiOkResponse({ type: AlertResponse, headers: { ETag: { description: 'The version', schema: { type: 'string' } } } })
  @ApiProblems(400, 404, 503)
  @Tagged()
  get(
    @Param('id') id: string,
    @Query() query: AlertViewQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertResponse> {
    return this.alerts.get(id, query, principal);
  }

  @Post(':id/acknowledgement')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 404, 409, 413, 415, 422] })
  @Roles('supervisor')
  @ID
  @ApiOperation({
    summary: 'Acknowledge 确认: the supervision office has taken note of an open alert',
    description: 'Supervisor. 422 ALERT_ACKNOWLEDGED or ALERT_RESOLVED when it is not open.',
  })
  acknowledge(
    @Param('id') id: string,
    @Body() body: AcknowledgeAlertRequest,
    @Write() context: WriteContext,
  ): Promise<AlertWrittenResponse> {
    return this.alerts.acknowledge(id, body, context);
  }

  @Post(':id/resolution')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 404, 409, 413, 415, 422] })
  @Roles('supervisor')
  @ID
  @ApiOperation({
    summary: 'Resolve 办结: how the alert was dealt with',
    description: 'Supervisor, from open or acknowledged; the note is required. 422 ALERT_RESOLVED when resolved.',
  })
  resolve(
    @Param('id') id: string,
    @Body() body: ResolveAlertRequest,
    @Write() context: WriteContext,
  ): Promise<AlertWrittenResponse> {
    return this.alerts.resolve(id, body, context);
  }
  @Post(':id/answers')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 404, 409, 413, 415, 422] })
  @Roles('department')
  @ID
  @ApiOperation({
    summary: 'Answer 解释说明: the department the alert concerns explains it, with documents',
    description:
      'The alert’s department, while it is open or acknowledged. One answer at a time: 422 ANSWER_PENDING until the ' +
      'supervision office accepts or rejects it; another department’s alert is 404. The alert’s notes show it.',
  })
  answer(
    @Param('id') id: string,
    @Body() body: AnswerAlertRequest,
    @Write() context: WriteContext,
  ): Promise<AlertWrittenResponse> {
    return this.alerts.answer(id, body, context);
  }

  @Post(':id/answer-acceptance')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 404, 409, 413, 415, 422] })
  @Roles('supervisor')
  @ID
  @ApiOperation({
    summary: 'Accept the department’s answer: the alert is resolved as explained',
    description: 'Supervisor. 422 NO_ANSWER_PENDING without an answer awaiting a verdict.',
  })
  acceptAnswer(
    @Param('id') id: string,
    @Body() body: AcceptAlertAnswerRequest,
    @Write() context: WriteContext,
  ): Promise<AlertWrittenResponse> {
    return this.alerts.acceptAnswer(id, body, context);
  }

  @Post(':id/answer-rejection')
  @WriteEndpoint({ created: WRITTEN, problems: [400, 404, 409, 413, 415, 422] })
  @Roles('supervisor')
  @ID
  @ApiOperation({
    summary: 'Reject the department’s answer, saying why: the alert stays, and the department may answer again',
    description:
      'Supervisor. 422 NO_ANSWER_PENDING without an answer awaiting a verdict. To hold someone accountable instead, ' +
      'open a case from the alert (POST /v1/cases).',
  })
  rejectAnswer(
    @Param('id') id: string,
    @Body() body: RejectAlertAnswerRequest,
    @Write() context: WriteContext,
  ): Promise<AlertWrittenResponse> {
    return this.alerts.rejectAnswer(id, body, context);
  }
}

const CONNECTED = Buffer.from(': connected\n\n');
const HEARTBEAT = Buffer.from(': heartbeat\n\n');
