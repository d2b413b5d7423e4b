import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/access';
import { FindingState } from '@app/domain';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Tagged } from '../http/entity-tag';
import { Write, WriteContext } from '../http/write-context';
import { RecordFindingRequest } from './finding-rectification.requests.dto';
import { ListRecordsQuery } from './list-records.request.dto';
import { RecordList, RecordRead, RecordWrite } from './record-step.decorator';
import { FindingPageResponse, FindingResponse, RecordWrittenResponse } from './supervision-office.response.dto';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';

/**
 * Findings (发现问题): 不作为, 缓作为, 乱作为 and the rest, with the ground of accountability they support. Grounds 3, 8
 * and 10, which no detector can see in the events, raise an alert from the finding.
 */
@ApiTags('findings')
@Controller('v1/findings')
export class FindingsController {
  constructor(
    private readonly office: SupervisionOfficeCommands,
    private readonly records: SupervisionOfficeReader,
  ) {}

  @Post()
  @RecordWrite({
    roles: ['supervisor'],
    summary: 'Record a finding 认定问题',
    description:
      'Supervisor. From an inspection, a complaint (not one found not substantiated), an alert (each must exist: ' +
      '422 SOURCE_NOT_FOUND) or own initiative. Ground 3 or 8 raises a red alert, 10 a yellow one.',
  })
  async record(
    @Body() body: RecordFindingRequest,
    @Write({ ifMatch: false }) context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    await this.office.assertSource(body.source.kind, body.source.id);
    const findingId = body.id ?? context.scope.createdId(0);
    return this.office.write(
      'finding',
      findingId,
      {
        type: 'RecordFinding',
        findingId,
        kind: body.kind,
        department: body.department,
        source: body.source,
        operations: body.operations ?? [],
        powers: body.powers ?? [],
        facts: body.facts,
        evidence: body.evidence ?? [],
        ground: body.ground,
        foundOn: body.foundOn,
      },
      context,
    );
  }

  @RecordList({
    summary: 'Findings, newest first',
    description: 'A department key: its own.',
    type: FindingPageResponse,
  })
  list(
    @Query() query: ListRecordsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: FindingState[]; nextCursor: string | null }> {
    return this.records.list('finding', query, principal);
  }

  @RecordRead({ path: ':id', idExample: 'F-2025-0001', summary: 'One finding', type: FindingResponse })
  @Tagged()
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<FindingState> {
    return this.records.read('finding', id, principal);
  }
}
