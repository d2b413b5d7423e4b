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

  @ApiProperty({ description: 'Head of the log minus its position: how far behind it is, at most' })
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
