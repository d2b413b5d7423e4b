import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Principal } from '@app/access';
import { Figure } from '@app/read-models';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { ApiProblems } from '../http/problem-details.response.dto';
import { Write, WriteContext } from '../http/write-context';
import {
  DashboardItemsQuery,
  DashboardScopeQuery,
  DashboardSeriesQuery,
  EvaluationFormatQuery,
  EvaluationListQuery,
  EvaluationRequest,
  ExportFormat,
} from './dashboard.request.dto';
import { DashboardService, OVERVIEW_COLUMNS } from './dashboard.service';
import { Table, toCsv, toXlsx } from './spreadsheet';

class FigureResponse {
  @ApiProperty({ example: 'operations.completedLate' })
  key!: string;

  @ApiProperty({ example: '超期办结' })
  label!: string;

  @ApiProperty({ nullable: true, type: Number, example: 3, description: 'A rate is a percentage with one decimal' })
  value!: number | null;

  @ApiPropertyOptional({ description: 'The items behind the figure', example: '/v1/dashboard/items?figure=…' })
  link?: string;

  @ApiPropertyOptional({ description: 'A rate: the figure it divides' })
  numerator?: number;

  @ApiPropertyOptional({ description: 'A rate: the figure it divides by' })
  denominator?: number;
}

class ScopeResponse {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty({ nullable: true, type: String, example: '2025-03' })
  period!: string | null;

  @ApiPropertyOptional({ format: 'date' })
  asOf?: string;

  @ApiPropertyOptional({ example: 'CG' })
  department?: string;
}

class DashboardResponse {
  @ApiProperty({ type: ScopeResponse })
  scope!: ScopeResponse;

  @ApiProperty({ type: [FigureResponse] })
  figures!: FigureResponse[];
}

class OverviewResponse extends DashboardResponse {
  @ApiProperty({ description: 'Each department with the figures of the overview table', example: [] })
  departments!: object[];
}

const SCOPE_DESCRIPTION =
  'period (2025, 2025-Q1, 2025-03, 2025-03-15) or from/to; asOf: the figures as they were on that day, from what had ' +
  'been recorded by its end; format: json, csv or xlsx (Chinese headers). Every figure links to its items.';

/**
 * The supervision dashboards (绩效考评): figures for all and per department, month by month, as of any date, each
 * linked to the items it counts; and the evaluations computed from them.
 */
@ApiTags('dashboard')
@Controller('v1')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('dashboard/overview')
  @Roles('supervisor', 'investigator')
  @ApiOperation({
    summary: 'Every figure for all departments, and the table of departments',
    description: SCOPE_DESCRIPTION,
  })
  @ApiOkResponse({ type: OverviewResponse })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiProblems(400, 503)
  async overview(@Query() query: DashboardScopeQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const overview = await this.dashboard.overview(query);
    return exported(
      reply,
      query.format,
      `overview-${overview.scope.from}_${overview.scope.to}`,
      () => [
        figuresTable('总览', overview.figures),
        {
          name: '各部门',
          headers: [
            '部门',
            ...OVERVIEW_COLUMNS.map((key) => overview.figures.find((f) => f.key === key)?.label ?? key),
          ],
          rows: overview.departments.map(({ department, figures }) => [
            department,
            ...OVERVIEW_COLUMNS.map((key) => figures.find((f) => f.key === key)?.value ?? null),
          ]),
        },
      ],
      overview,
    );
  }

  @Get('dashboard/departments/:code')
  @Roles('supervisor', 'investigator', 'department')
  @ApiParam({ name: 'code', example: 'CG' })
  @ApiOperation({
    summary: 'Every figure of one department, with its latest evaluation of the period',
    description: `${SCOPE_DESCRIPTION} A department key: its own only.`,
  })
  @ApiOkResponse({ type: DashboardResponse })
  @ApiProblems(400, 403, 503)
  async department(
    @Param('code') code: string,
    @Query() query: DashboardScopeQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.dashboard.department(code, query, principal);
    return exported(
      reply,
      query.format,
      `department-${code}-${result.scope.from}_${result.scope.to}`,
      () => [figuresTable(code, result.figures)],
      result,
    );
  }

  @Get('dashboard/series')
  @Roles('supervisor', 'investigator', 'department')
  @ApiOperation({
    summary: 'Month by month (this year when no period is given)',
    description: `${SCOPE_DESCRIPTION} department: one (a department key: its own).`,
  })
  @ApiOkResponse({ description: '{ scope, months: [{ month, figures }] }' })
  @ApiProblems(400, 403, 503)
  async series(
    @Query() query: DashboardSeriesQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.dashboard.series(query, principal);
    return exported(
      reply,
      query.format,
      `series-${result.scope.from}_${result.scope.to}`,
      () => {
        const figures = result.months[0]?.figures ?? [];
        return [
          {
            name: '月度',
            headers: ['指标', ...result.months.map((m) => m.month)],
            rows: figures.map((figure, i) => [figure.label, ...result.months.map((m) => m.figures[i].value)]),
          },
        ];
      },
      result,
    );
  }

  @Get('dashboard/items')
  @Roles('supervisor', 'investigator', 'department')
  @ApiOperation({
    summary: 'The items a figure counts, one by one',
    description: 'The same scope as the figure; each item with the fact counted and a link to the item itself.',
  })
  @ApiOkResponse({
    description:
      '{ figure, scope, items: [{ itemKind, itemId, department, occurredOn, recordedAt, dim1, dim2, value, href }], nextCursor }',
  })
  @ApiProblems(400, 403, 503)
  items(@Query() query: DashboardItemsQuery, @CurrentPrincipal() principal: Principal) {
    return this.dashboard.items(query, principal);
  }

  @Get('evaluations/preview')
  @Roles('supervisor', 'investigator')
  @ApiOperation({
    summary: 'Compute the evaluation (考评) of a period without publishing it',
    description:
      'Each department’s score by the scoring table in force, its rank and the change from the period before.',
  })
  @ApiProblems(400, 503)
  preview(@Query() query: DashboardScopeQuery) {
    return this.dashboard.computeEvaluation(query);
  }

  @Post('evaluations')
  @WriteEndpoint({
    created: { description: 'The published version' },
    problems: [400, 409, 422, 503],
    ifMatch: false,
    tagged: false,
  })
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Publish the evaluation of a period: an event that later events never change',
    description:
      'Body: { period } or { from, to }. Version 1, then each recomputation a new version listing what changed ' +
      '(422 EVALUATION_UNCHANGED when nothing did). The scoring table is recorded with it.',
  })
  publish(@Body() body: EvaluationRequest, @Write({ ifMatch: false }) context: WriteContext) {
    return this.dashboard.publishEvaluation(body, context);
  }

  @Get('evaluations')
  @Roles('supervisor', 'investigator', 'department')
  @ApiOperation({
    summary: 'Published evaluations, newest period first, every version',
    description: 'A department key: its own result and rank in each, with the number of departments ranked.',
  })
  @ApiProblems(503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: EvaluationListQuery) {
    return this.dashboard.listEvaluations(principal, query.minPosition);
  }

  @Get('evaluations/:id')
  @Roles('supervisor', 'investigator', 'department')
  @ApiParam({ name: 'id', example: '2025-03' })
  @ApiOperation({ summary: 'Every version of one evaluation', description: 'format=csv|xlsx: the latest version.' })
  @ApiProblems(404)
  async evaluation(
    @Param('id') id: string,
    @Query() query: EvaluationFormatQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const versions = await this.dashboard.evaluation(id, principal);
    const latest = versions[versions.length - 1];
    return exported(
      reply,
      query.format,
      `evaluation-${id}-v${latest.version}`,
      () => [
        {
          name: `考评${id}`,
          headers: [
            '排名',
            '部门',
            '得分',
            '上期得分',
            '变化',
            ...latest.table.deductions.map((rule) => `扣分：${rule.label}`),
          ],
          rows: latest.results.map((result) => [
            result.rank,
            result.department,
            result.score,
            result.previousScore,
            result.change,
            ...result.deductions.map((deduction) => deduction.points),
          ]),
        },
      ],
      { versions },
    );
  }
}

function figuresTable(name: string, figures: Figure[]): Table {
  return {
    name,
    headers: ['指标', '名称', '数值'],
    rows: figures.map((figure) => [figure.key, figure.label, figure.value]),
  };
}

/** The JSON answer, or its tables as a CSV or XLSX download. */
async function exported<T>(
  reply: FastifyReply,
  format: ExportFormat | undefined,
  fileName: string,
  tables: () => Table[],
  json: T,
): Promise<T | Buffer> {
  if (format === undefined || format === 'json') return json;
  const [type, body] =
    format === 'csv'
      ? ['text/csv; charset=utf-8', toCsv(tables())]
      : ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await toXlsx(tables())];
  void reply.header('Content-Type', type).header('Content-Disposition', `attachment; filename="${fileName}.${format}"`);
  return body;
}
