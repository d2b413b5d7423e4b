import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/access';
import { InspectionState } from '@app/domain';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Tagged } from '../http/entity-tag';
import { Write, WriteContext } from '../http/write-context';
import {
  DrawSampleRequest,
  PlanInspectionRequest,
  RecordActivityRequest,
  ReportInspectionRequest,
} from './inspection.requests.dto';
import { ListRecordsQuery } from './list-records.request.dto';
import { RecordList, RecordRead, RecordWrite } from './record-step.decorator';
import {
  InspectionPageResponse,
  InspectionResponse,
  RecordWrittenResponse,
  SampleVerificationResponse,
} from './supervision-office.response.dto';
import { SupervisionOfficeCommands } from './supervision-office.commands';
import { SupervisionOfficeReader } from './supervision-office.reader';
import { InspectionSamples, SampleVerification } from './inspection-samples';

const ID = 'I-2026-01';

/**
 * Inspections and visits (查访): planned with a kind, a manner and a scope; a sample of operations drawn reproducibly
 * at a position of the log and verifiable by anyone; interviews, case-file reviews and follow-up visits; a report.
 * A department sees the open inspections of its operations, and a covert one (暗访) once reported.
 */
@ApiTags('inspections')
@Controller('v1/inspections')
export class InspectionsController {
  constructor(
    private readonly office: SupervisionOfficeCommands,
    private readonly records: SupervisionOfficeReader,
    private readonly samples: InspectionSamples,
  ) {}

  @Post()
  @RecordWrite({
    roles: ['supervisor'],
    summary: 'Plan an inspection 查访立项',
    description: 'Supervisor. Periodic, random spot check or special; open or covert; departments, powers and dates.',
  })
  plan(
    @Body() body: PlanInspectionRequest,
    @Write({ ifMatch: false }) context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    const inspectionId = body.id ?? context.scope.createdId(0);
    return this.office.write(
      'inspection',
      inspectionId,
      {
        type: 'PlanInspection',
        inspectionId,
        title: body.title,
        kind: body.kind,
        manner: body.manner,
        scope: { ...body.scope, powers: body.scope.powers ?? [] },
        plannedOn: body.plannedOn ?? this.office.today(),
      },
      context,
    );
  }

  @RecordList({ summary: 'Inspections, newest first', type: InspectionPageResponse })
  list(
    @Query() query: ListRecordsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: InspectionState[]; nextCursor: string | null }> {
    return this.records.list('inspection', query, principal);
  }

  @RecordRead({
    path: ':id',
    idExample: ID,
    summary: 'One inspection as its stream holds it',
    type: InspectionResponse,
  })
  @Tagged()
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<InspectionState> {
    return this.records.read('inspection', id, principal);
  }

  @Post(':id/sample')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Draw the sample 抽样: reproducible, recorded once',
    description:
      'Supervisor. The population is the operations in scope whose registration is at or before `atPosition` (the ' +
      'head of the log when absent); the seed is given or derived from the log (SHA-256 of the position and the hash ' +
      'of the event there); algorithm sha256-rank v1 ranks each id by SHA-256(seed + "\\n" + id). 409 SAMPLE_DRAWN ' +
      'for a second draw.',
  })
  sample(
    @Param('id') id: string,
    @Body() body: DrawSampleRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    return this.samples.draw(id, body, context);
  }

  @RecordRead({
    path: ':id/sample/verification',
    idExample: ID,
    summary: 'Draw the recorded sample again from the log and compare',
    description:
      'The same population digest, seed and ids in the same order: `matches: true`. Anyone holding the log can do ' +
      'the same without this server: the recorded sample names everything the draw used.',
    type: SampleVerificationResponse,
    problems: [404, 422],
  })
  verify(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<SampleVerification> {
    return this.samples.verify(id, principal);
  }

  @Post(':id/activities')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Record an interview, a case-file review or a follow-up visit (回访: who, when, form, opinions)',
    description: 'Supervisor. Numbered A1, A2, … in the order recorded.',
  })
  activity(
    @Param('id') id: string,
    @Body() body: RecordActivityRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    return this.office.write(
      'inspection',
      id,
      { type: 'RecordInspectionActivity', inspectionId: id, ...body },
      context,
    );
  }

  @Post(':id/report')
  @RecordWrite({
    roles: ['supervisor'],
    step: true,
    idExample: ID,
    summary: 'Report the inspection 查访报告: it closes it',
    description: 'Supervisor.',
  })
  report(
    @Param('id') id: string,
    @Body() body: ReportInspectionRequest,
    @Write() context: WriteContext,
  ): Promise<RecordWrittenResponse> {
    return this.office.write(
      'inspection',
      id,
      {
        type: 'ReportInspection',
        inspectionId: id,
        summary: body.summary,
        documents: body.documents ?? [],
        reportedOn: body.reportedOn ?? this.office.today(),
      },
      context,
    );
  }
}
