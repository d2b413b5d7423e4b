import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/access';
import { ComplaintState, ComplaintView } from '@app/domain';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Tagged } from '../http/entity-tag';
import { Write, WriteContext } from '../http/write-context';
import {
  AssignComplaintRequest,
  CloseComplaintRequest,
  ReceiveComplaintRequest,
  ReopenComplaintRequest,
  ReplyToComplaintRequest,
} from './complaint.requests.dto';
import { ListRecordsQuery } from './list-records.request.dto';
import { RecordList, RecordRead, RecordWrite } from './record-step.decorator';
import { ComplaintPageResponse, ComplaintResponse, RecordWrittenResponse } from './supervision-office.response.dto';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';

const ID = 'TS-2025-0001';

/**
 * Complaints and reports (投诉举报): the supervision office receives, assigns, closes and reopens; the department
 * assigned replies. A department sees the complaints assigned to it, never the identity of a confidential or
 * anonymous complainant.
 */
@ApiTags('complaints')
@Controller('v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly office: SupervisionOfficeCommands,
    private readonly records: SupervisionOfficeReader,
  ) {}

  @Post()
  @RecordWrite({
    roles: ['supervisor'],
    summary: 'Receive a complaint 受理投诉举报',
    description:
      'Supervisor. By phone, web, letter, visit, the 12345 hotline or the media (the public form has its own ' +
      'endpoint). A named or confidential complaint names the complainant; an anonymous one carries no name or contact.',
  })
  receive(
    @Body() body: ReceiveComplaintRequest,
    @Write({ ifMatch: false }) context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const { id, ...fields } = body;
    const complaintId = id ?? context.scope.createdId(0);
    return this.office.write('complaint', complaintId, { type: 'ReceiveComplaint', complaintId, ...fields }, context);
  }

  @RecordList({
    summary: 'Complaints, newest first',
    description: 'Supervisor and investigator: all; a department key: those assigned to it, complainants masked.',
    type: ComplaintPageResponse,
  })
  async list(
    @Query() query: ListRecordsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: ComplaintView[]; nextCursor: string | null }> {
    const page = await this.records.list('complaint', query, principal);
    return {
      items: page.items.map((state) => this.records.complaintView(state, principal)),
      nextCursor: page.nextCursor,
    };
  }

  @RecordRead({
    path: ':id',
    idExample: ID,
    summary: 'One complaint as its stream holds it',
    description: 'As the list; 404 when not visible.',
    type: ComplaintResponse,
  })
  @Tagged()
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<ComplaintView> {
    const state: ComplaintState = await this.records.read('complaint', id, principal);
    return this.records.complaintView(state, principal);
  }

  @Post(':id/assignment')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Assign it to a department with a reply deadline 交办',
    description:
      'Supervisor. The reply period in working days is the configured one of its channel unless given, and is ' +
      'recorded with the last day (null while the calendar lacks the year; the alert then waits for it).',
  })
  async assign(
    @Param('id') id: string,
    @Body() body: AssignComplaintRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const state = await this.records.state('complaint', id);
    const assignedOn = body.assignedOn ?? this.office.today();
    const replyWithinWorkingDays = body.replyWithinWorkingDays ?? this.office.replyWorkingDays(state.received!.channel);
    return this.office.write(
      'complaint',
      id,
      {
        type: 'AssignComplaint',
        complaintId: id,
        department: body.department ?? state.received!.about.department,
        assignedOn,
        replyWithinWorkingDays,
        replyDueOn: await this.office.dueOn(assignedOn, replyWithinWorkingDays),
      },
      context,
    );
  }

  @Post(':id/replies')
  @RecordWrite({
    roles: ['department', 'supervisor'],
    step: true,
    idExample: ID,
    summary: 'Reply to it 答复',
    description:
      'The department it is assigned to (or the supervisor on its behalf). What counts for the deadline is when the ' +
      'reply is recorded, not the date it claims.',
  })
  async replyTo(
    @Param('id') id: string,
    @Body() body: ReplyToComplaintRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    await this.office.assertVisible('complaint', id, context.actor);
    return this.office.write(
      'complaint',
      id,
      {
        type: 'ReplyToComplaint',
        complaintId: id,
        reply: body.reply,
        documents: body.documents ?? [],
        repliedAt: body.repliedAt,
      },
      context,
    );
  }

  @Post(':id/closure')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Close it with a result and the complainant’s satisfaction 办结',
    description: 'Supervisor, once replied: substantiated, partly or not; satisfaction from the follow-up (回访).',
  })
  close(
    @Param('id') id: string,
    @Body() body: CloseComplaintRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    return this.office.write(
      'complaint',
      id,
      {
        type: 'CloseComplaint',
        complaintId: id,
        result: body.result,
        satisfaction: body.satisfaction,
        ...(body.note !== undefined ? { note: body.note } : {}),
      },
      context,
    );
  }

  @Post(':id/reopening')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Reopen it: the complainant objects 重新交办',
    description: 'Supervisor. Back to the same department with a new reply deadline (a new round).',
  })
  async reopen(
    @Param('id') id: string,
    @Body() body: ReopenComplaintRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const state = await this.records.state('complaint', id);
    const assignedOn = this.office.today();
    const replyWithinWorkingDays = body.replyWithinWorkingDays ?? this.office.replyWorkingDays(state.received!.channel);
    return this.office.write(
      'complaint',
      id,
      {
        type: 'ReopenComplaint',
        complaintId: id,
        reason: body.reason,
        assignedOn,
        replyWithinWorkingDays,
        replyDueOn: await this.office.dueOn(assignedOn, replyWithinWorkingDays),
      },
      context,
    );
  }
}
