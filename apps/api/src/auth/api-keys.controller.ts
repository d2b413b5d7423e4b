import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService, parseApiKey, Principal } from '@app/access';
import { CorrelationId } from '../http/correlation-id';
import { ApiProblems } from '../http/problem-details.response.dto';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyOf,
} from '../idempotency/idempotency.interceptor';
import { idempotencyKeyReused } from '../idempotency/write-scope';
import { ApiKeyCreatedResponse, ApiKeyPageResponse } from './api-key.response.dto';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { bearerCredentials } from './bearer-token';
import { CreateApiKeyRequest } from './create-api-key.request.dto';
import { ListApiKeysRequest } from './list-api-keys.request.dto';
import { retrySafeApiKey } from './retry-safe-api-key';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Issue an API key; the key is in this response only and stored as a hash' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Any string of up to 255 printable characters. A retry with the same key and body returns the same API key ' +
      'and issues nothing (derived from the Idempotency-Key and your own key, so it is never stored); the same ' +
      'key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiCreatedResponse({ type: ApiKeyCreatedResponse })
  @ApiProblems(400, 413, 415, 422)
  async issue(
    @Body() body: CreateApiKeyRequest,
    @CurrentPrincipal() actor: Principal,
    @CorrelationId() correlationId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyCreatedResponse> {
    const idempotencyKey = idempotencyKeyOf(request);
    if (idempotencyKey === undefined) return this.keys.issue(body, { actor, correlationId });
    const credentials = bearerCredentials(request.headers.authorization);
    // The guard let the request through with this very key, so it parses.
    const caller = parseApiKey(credentials.kind === 'bearer' ? credentials.token : '')!;
    const { id, secret } = retrySafeApiKey(caller.secret, idempotencyKey);
    const outcome = await this.keys.issueOnce(id, secret, body, { actor, correlationId });
    if ('conflict' in outcome) throw idempotencyKeyReused(idempotencyKey);
    if (outcome.replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return outcome.issued;
  }

  @Get()
  @ApiOperation({ summary: 'The API keys, revoked ones included, without their secrets' })
  @ApiOkResponse({ type: ApiKeyPageResponse })
  @ApiProblems(400)
  list(@Query() query: ListApiKeysRequest): Promise<ApiKeyPageResponse> {
    return this.keys.list({ limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description: 'The key stops working at once. Revoking an already revoked key is idempotent: 204, nothing written.',
  })
  @ApiNoContentResponse({ description: 'Revoked (now or before)' })
  @ApiProblems(404)
  async revoke(
    @Param('id') id: string,
    @CurrentPrincipal() actor: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    await this.keys.revoke(id, { actor, correlationId });
  }
}
