import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/access';
import { RectificationState } from '@app/domain';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Tagged } from '../http/entity-tag';
import { Write, WriteContext } from '../http/write-context';
import {
  AcceptRectificationRequest,
  OrderRectificationRequest,
  RejectRectificationRequest,
  ReportRectificationRequest,
} from './finding-rectification.requests.dto';
import { ListRecordsQuery } from './list-records.request.dto';
import { RecordList, RecordRead, RecordWrite } from './record-step.decorator';
import {
  RecordWrittenResponse,
  RectificationPageResponse,
  RectificationResponse,
} from './supervision-office.response.dto';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';

const ID = 'ZG-2026-0001';

/**
 * Rectification orders (责令限期整改): ordered with a deadline in working days, reported by the department with
 * documents, accepted or rejected by the office (rejected: back to the department). Past its deadline without a
 * report on record in time and accepted: red card, ground 9.
 */
@ApiTags('rectifications')
@Controller('v1/rectifications')
export class RectificationsController {
  constructor(
    private readonly office: SupervisionOfficeCommands,
    private readonly records: SupervisionOfficeReader,
  ) {}

  @Post()
  @RecordWrite({
    roles: ['supervisor'],
    summary: 'Order rectification within a deadline 整改通知',
    description:
      'Supervisor. From a finding, an alert (the answer to an alert may end in one), a complaint, an inspection or ' +
      'a case, which must exist (422 SOURCE_NOT_FOUND). The last day is recorded (null while the calendar lacks the year).',
  })
  async order(
    @Body() body: OrderRectificationRequest,
    @Write({ ifMatch: false }) context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    await this.office.assertSource(body.source.kind, body.source.id);
    const rectificationId = body.id ?? context.scope.createdId(0);
    const orderedOn = body.orderedOn ?? this.office.today();
    return this.office.write(
      'rectification',
      rectificationId,
      {
        type: 'OrderRectification',
        rectificationId,
        department: body.department,
        source: body.source,
        requirements: body.requirements,
        orderedOn,
        withinWorkingDays: body.withinWorkingDays,
        dueOn: await this.office.dueOn(orderedOn, body.withinWorkingDays),
      },
      context,
    );
  }

  @RecordList({
    summary: 'Rectification orders, newest first',
    description: 'A department key: its own.',
    type: RectificationPageResponse,
  })
  list(
    @Query() query: ListRecordsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: RectificationState[]; nextCursor: string | null }> {
    return this.records.list('rectification', query, principal);
  }

  @RecordRead({
    path: ':id',
    idExample: ID,
    summary: 'One rectification order with its reports',
    type: RectificationResponse,
  })
  @Tagged()
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RectificationState> {
    return this.records.read('rectification', id, principal);
  }

  @Post(':id/reports')
  @RecordWrite({
    roles: ['department', 'supervisor'],
    step: true,
    idExample: ID,
    summary: 'Report what was done 整改报告',
    description: 'The department ordered (or the supervisor on its behalf), with documents. Counted when recorded.',
  })
  async report(
    @Param('id') id: string,
    @Body() body: ReportRectificationRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    await this.office.assertVisible('rectification', id, context.actor);
    return this.office.write(
      'rectification',
      id,
      { type: 'ReportRectification', rectificationId: id, ...body },
      context,
    );
  }

  @Post(':id/acceptance')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Accept the report 验收通过',
    description: 'Supervisor.',
  })
  accept(
    @Param('id') id: string,
    @Body() body: AcceptRectificationRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    return this.office.write(
      'rectification',
      id,
      {
        type: 'AcceptRectificationReport',
        rectificationId: id,
        ...(body.note !== undefined ? { note: body.note } : {}),
      },
      context,
    );
  }

  @Post(':id/rejection')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Reject the report: back to the department 验收不通过',
    description: 'Supervisor, with reasons. The deadline does not move.',
  })
  reject(
    @Param('id') id: string,
    @Body() body: RejectRectificationRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    return this.office.write(
      'rectification',
      id,
      { type: 'RejectRectificationReport', rectificationId: id, reasons: body.reasons },
      context,
    );
  }
}
