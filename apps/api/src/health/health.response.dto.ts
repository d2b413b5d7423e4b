import { ApiProperty } from '@nestjs/swagger';

export class DatabaseHealth {
  @ApiProperty()
  reachable!: boolean;

  @ApiProperty({ description: 'Round trip of SELECT 1', example: 0.8 })
  latencyMs!: number;
}

export class ProjectionHealth {
  @ApiProperty({ example: 'powers' })
  name!: string;

  @ApiProperty({ description: 'Global position of its checkpoint' })
  position!: number;

  @ApiProperty({
    description: 'Events after its checkpoint in commit order, not yet applied (counted up to 100,000)',
  })
  lag!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ description: 'An event has waited over a minute for it' })
  stalled!: boolean;
}

export class HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty()
  database!: DatabaseHealth;

  @ApiProperty({ type: [ProjectionHealth] })
  projections!: ProjectionHealth[];
}
