import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyService, Principal } from '@app/projections';
import { CorrelationId } from '../http/correlation-id';
import { ApiProblems } from '../http/problem-details.response.dto';
import { ApiKeyCreatedResponse, ApiKeyPageResponse } from './api-key.response.dto';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { CreateApiKeyRequest } from './create-api-key.request.dto';
import { ListApiKeysRequest } from './list-api-keys.request.dto';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Issue an API key; the key is in this response only and stored as a hash' })
  @ApiCreatedResponse({ type: ApiKeyCreatedResponse })
  @ApiProblems(400, 413, 415)
  issue(
    @Body() body: CreateApiKeyRequest,
    @CurrentPrincipal() actor: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<ApiKeyCreatedResponse> {
    return this.keys.issue(body, { actor, correlationId });
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
