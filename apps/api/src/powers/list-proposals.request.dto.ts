import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, POWER_CODE_PATTERN, PROPOSAL_STATUSES, ProposalStatus } from '@app/domain';
import { PageCursor, PageLimit } from '../http/pagination.decorators';
import { PowerViewQuery } from './power-view.request.dto';

/** The reviewers' queue and a department's own proposals: filters, recorded time and pages. */
export class ListProposalsQuery extends PickType(PowerViewQuery, ['knownAt', 'minPosition'] as const) {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES, description: 'Status at knownAt; `pending` is the queue' })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  @ApiPropertyOptional({ description: 'The proposing department', example: 'CG' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department?: string;

  @ApiPropertyOptional({ description: 'The power proposed about', example: 'CG-XK-0001' })
  @IsOptional()
  @Matches(POWER_CODE_PATTERN, { message: 'code must be a power code such as CG-XK-0001' })
  code?: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}
