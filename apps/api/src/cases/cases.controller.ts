import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponseOptions, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Principal } from '@app/access';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { ApiIfMatch } from '../http/if-match';
import { Tagged } from '../http/entity-tag';
import { ApiProblems } from '../http/problem-details.response.dto';
import { Write, WriteContext } from '../http/write-context';
import { CaseReconstructionResponse } from './case-reconstruction.response.dto';
import { CaseDossierService } from './case-dossier.service';
import { CaseReconstructionService } from './case-reconstruction.service';
import {
  AddCaseNoteRequest,
  AddEvidenceRequest,
  CloseCaseRequest,
  ConcludeInvestigationRequest,
  ConcludeReviewRequest,
  DecideDepartmentRequest,
  DecidePersonRequest,
  NamePersonRequest,
  NotifyRightsRequest,
  PublishOutcomeRequest,
  RecordStatementRequest,
  ReopenCaseRequest,
  RequestReviewRequest,
} from './case-steps.request.dto';
import { CaseAccessPageResponse, CasePageResponse, CaseResponse, CaseWrittenResponse } from './case.response.dto';
import { CaseCommands, CaseStep } from './case-commands';
import { CaseReader } from './case-reader';
import { CaseAccessLogQuery, ListCasesQuery } from './list-cases.request.dto';
import { OpenCaseRequest } from './open-case.request.dto';

const ETAG = { ETag: { description: 'The new version', schema: { type: 'string' } } };
const WRITTEN: ApiResponseOptions = {
  type: CaseWrittenResponse,
  description: 'Recorded; ETag: "<version>"',
  headers: ETAG,
};
const ID = ApiParam({ name: 'id', example: 'AC-2025-0001' });
const PERSON = ApiParam({ name: 'personId', example: 'P1' });
const WRITE_PROBLEMS = [400, 404, 409, 413, 415, 422];

/** A write endpoint of one step of a case: 201, idempotent, If-Match, the case id in the path. */
const Step =
  (summary: string, description: string) => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    for (const decorate of [
      // If-Match after Idempotency-Key, as the document has always listed them for the case steps.
      WriteEndpoint({ created: WRITTEN, problems: WRITE_PROBLEMS, ifMatch: false }),
      ApiIfMatch(),
      ID,
      ApiOperation({ summary, description }),
    ]) {
      decorate(target, key, descriptor);
    }
  };

/**
 * Accountability (责任追究): cases opened from alerts, findings, complaints or referrals, run by investigators
 * through investigation, rights, decisions per person and department, review and closure. Supervisors read every
 * case; a department the cases about it (without the investigators' notes) and submits its people's statements.
 * Every read of a case or its reconstruction is recorded on its access log.
 */
@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CaseCommands,
    private readonly reader: CaseReader,
    private readonly reconstruction: CaseReconstructionService,
    private readonly dossiers: CaseDossierService,
  ) {}

  @Post()
  @WriteEndpoint({
    created: { ...WRITTEN, description: 'Opened; ETag: "1"' },
    problems: [...WRITE_PROBLEMS],
    ifMatch: false,
  })
  @Roles('investigator', 'supervisor')
  @ApiOperation({
    summary: 'Open a case 立案 from alerts, findings, complaints, referrals or on own initiative',
    description:
      'Investigator or supervisor. Records the rights and review periods in force (configuration). Each alert ' +
      'named must exist (422 ALERT_NOT_FOUND); it then shows the case, and is resolved when the case closes.',
  })
  open(@Body() body: OpenCaseRequest, @Write({ ifMatch: false }) context: WriteContext): Promise<CaseWrittenResponse> {
    return this.cases.open(body, context);
  }

  @Get()
  @Roles('investigator', 'supervisor', 'department')
  @ApiOperation({
    summary: 'Cases, newest first, with filters',
    description: 'Investigator and supervisor: all; a department key: the cases about it, without internal notes.',
  })
  @ApiOkResponse({ type: CasePageResponse })
  @ApiProblems(400, 503)
  list(@Query() query: ListCasesQuery, @CurrentPrincipal() principal: Principal): Promise<CasePageResponse> {
    return this.reader.list(query, principal);
  }

  @Get(':id')
  @Roles('investigator', 'supervisor', 'department')
  @ID
  @ApiOperation({
    summary: 'One case as its stream holds it (the read is recorded on its access log)',
    description: 'As GET /v1/cases; a case not about the department is 404 for a department key.',
  })
  @ApiOkResponse({ type: CaseResponse, headers: { ETag: { description: 'The version', schema: { type: 'string' } } } })
  @ApiProblems(404)
  @Tagged()
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<CaseResponse> {
    return this.reader.get(id, principal);
  }

  @Get(':id/reconstruction')
  @Roles('investigator', 'supervisor')
  @ID
  @ApiOperation({
    summary: 'Reconstruct a case: every event of every stream it touches, in global order',
    description:
      'The case, its alerts, the operations concerned, their powers and the calendar years used, each event with ' +
      'its recorded and claimed times and actor; each operation’s power as frozen, as in force on the acceptance ' +
      'date and as recorded at registration; its deadlines and the calendar that produced them; each alert’s rule ' +
      'and proof; each stream’s hash chain checked. The read is recorded on the access log.',
  })
  @ApiOkResponse({ type: CaseReconstructionResponse })
  @ApiProblems(404)
  reconstruct(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<CaseReconstructionResponse> {
    return this.reconstruction.reconstruct(id, principal);
  }

  @Get(':id/dossier')
  @Roles('investigator', 'supervisor')
  @ID
  @ApiOperation({
    summary: 'The case dossier (案件档案): one zip an outsider verifies offline',
    description:
      'manifest.json (every file with its SHA-256, every stream with its head hash, the hash-chain algorithm); ' +
      'events.jsonl (every event of every stream the reconstruction touches, whole from its first event, as the ' +
      'canonical envelope that was hashed, with its chain link, in the log’s order); reconstruction.json; ' +
      'timeline.pdf (the timeline in Chinese). `npm run cli -- dossier verify FILE` checks it with no server and no ' +
      'database. The export is recorded on the access log. 503 PDF_FONT_MISSING when the CJK font is not installed.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The dossier', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404, 503)
  async dossier(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { fileName, zip } = await this.dossiers.export(id, principal);
    void reply
      .header('Content-Type', 'application/zip')
      .header('Content-Disposition', `attachment; filename="${fileName}"`);
    return zip;
  }

  @Get(':id/access-log')
  @Roles('supervisor')
  @ID
  @ApiOperation({
    summary: 'Who read the case, its reconstruction or its dossier, and when: investigators are accountable too',
    description: 'Supervisor. Oldest first.',
  })
  @ApiOkResponse({ type: CaseAccessPageResponse })
  @ApiProblems(400, 404)
  accessLog(
    @Param('id') id: string,
    @Query() query: CaseAccessLogQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseAccessPageResponse> {
    return this.reader.accessLog(id, query, principal);
  }

  @Post(':id/evidence')
  @Roles('investigator')
  @Step('Add evidence: documents by name and SHA-256, events of the log by id', 'Investigator. 422 EVENT_NOT_FOUND.')
  evidence(@Param('id') id: string, @Body() body: AddEvidenceRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'AddEvidence', ...body }, context);
  }

  @Post(':id/persons')
  @Roles('investigator')
  @Step(
    'Name a person concerned, with their responsibility',
    'Investigator. The answer gives the personId (P1, P2, …).',
  )
  person(@Param('id') id: string, @Body() body: NamePersonRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'NamePerson', ...body }, context);
  }

  @Post(':id/investigation-conclusion')
  @Roles('investigator')
  @Step('Conclude the investigation with the facts found', 'Investigator. 422 INVESTIGATION_CONCLUDED when it is.')
  conclude(@Param('id') id: string, @Body() body: ConcludeInvestigationRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'ConcludeInvestigation', ...body }, context);
  }

  @Post(':id/persons/:personId/rights-notice')
  @Roles('investigator')
  @PERSON
  @Step(
    'Notify a person of the rights to state and defend (陈述、申辩)',
    'Investigator, after the conclusion. The period recorded on the case runs from the day after service; the ' +
      'answer gives its last day (answerBy, null while the calendar does not know it).',
  )
  rights(
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() body: NotifyRightsRequest,
    @Write() context: WriteContext,
  ) {
    return this.step(id, { type: 'NotifyRights', personId, ...body }, context);
  }

  @Post(':id/persons/:personId/statements')
  @Roles('investigator', 'department')
  @PERSON
  @Step('Record a statement or defence', 'Investigator, or the person’s own department. 422 RIGHTS_NOT_NOTIFIED.')
  statement(
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() body: RecordStatementRequest,
    @Write() context: WriteContext,
  ) {
    return this.step(id, { type: 'RecordStatement', personId, ...body }, context);
  }

  @Post(':id/persons/:personId/decision')
  @Roles('investigator')
  @PERSON
  @Step(
    'Decide about a person: no responsibility, or a tier with measures of that tier',
    'Investigator. 422 INVESTIGATION_NOT_CONCLUDED, RIGHTS_NOT_NOTIFIED, RIGHTS_PERIOD_RUNNING (before the period ' +
      'has run, unless the statement is in), MEASURE_OUTSIDE_TIER; 409 DECISION_EXISTS.',
  )
  decide(
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() body: DecidePersonRequest,
    @Write() context: WriteContext,
  ) {
    return this.step(id, { type: 'DecidePerson', personId, ...body }, context);
  }

  @Post(':id/department-decisions')
  @Roles('investigator')
  @Step(
    'Decide against a department: 绩效扣分 or 通报批评',
    'Investigator, after the conclusion; a department concerned.',
  )
  decideDepartment(@Param('id') id: string, @Body() body: DecideDepartmentRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'DecideDepartment', ...body }, context);
  }

  @Post(':id/persons/:personId/reviews')
  @Roles('investigator')
  @PERSON
  @Step(
    'Record a request for review 复核/复议 or an appeal 申诉',
    'Investigator. Within the review period recorded on the case, counted from the decision (422 REVIEW_PERIOD_EXPIRED).',
  )
  review(
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() body: RequestReviewRequest,
    @Write() context: WriteContext,
  ) {
    return this.step(id, { type: 'RequestReview', personId, ...body }, context);
  }

  @Post(':id/persons/:personId/review-conclusion')
  @Roles('investigator')
  @PERSON
  @Step(
    'Conclude the pending review: upheld, modified (the tier table applies again) or revoked',
    'Investigator. 422 NO_REVIEW_PENDING, MEASURE_OUTSIDE_TIER.',
  )
  concludeReview(
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() body: ConcludeReviewRequest,
    @Write() context: WriteContext,
  ) {
    return this.step(id, { type: 'ConcludeReview', personId, ...body }, context);
  }

  @Post(':id/notes')
  @Roles('investigator')
  @Step('Add an internal note', 'Investigator. Never shown to the department concerned.')
  note(@Param('id') id: string, @Body() body: AddCaseNoteRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'AddCaseNote', ...body }, context);
  }

  @Post(':id/closure')
  @Roles('investigator')
  @Step(
    'Close the case; the alerts it was opened from are resolved',
    'Investigator, once every person is decided and no review is pending. Nothing changes after closure ' +
      '(422 CASE_CLOSED) until it is reopened.',
  )
  close(@Param('id') id: string, @Body() body: CloseCaseRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'CloseCase', ...body }, context);
  }

  @Post(':id/publication')
  @Roles('investigator')
  @Step(
    'Disclose the outcome of a closed case (通报)',
    'Investigator. The public then sees it in GET /v1/case-outcomes, names masked; a reopening withdraws it.',
  )
  publish(@Param('id') id: string, @Body() body: PublishOutcomeRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'PublishOutcome', ...body }, context);
  }

  @Post(':id/reopening')
  @Roles('investigator')
  @Step('Reopen a closed case on new evidence', 'Investigator; at least one document or event. 422 CASE_NOT_CLOSED.')
  reopen(@Param('id') id: string, @Body() body: ReopenCaseRequest, @Write() context: WriteContext) {
    return this.step(id, { type: 'ReopenCase', ...body }, context);
  }

  private step(id: string, step: CaseStep, context: WriteContext): Promise<CaseWrittenResponse> {
    return this.cases.step(id, step, context);
  }
}
