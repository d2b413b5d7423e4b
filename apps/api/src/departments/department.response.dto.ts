import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DepartmentResponse {
  @ApiProperty({ example: 'CG-ZFDD' })
  code!: string;

  @ApiProperty({ example: '城市管理行政执法大队' })
  name!: string;

  @ApiPropertyOptional({ example: 'CG' })
  parent?: string;
}

export class DepartmentPageResponse {
  @ApiProperty({ type: [DepartmentResponse] })
  items!: DepartmentResponse[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}

export class DepartmentRegisteredResponse extends DepartmentResponse {
  @ApiProperty({ example: 'department-CG-ZFDD' })
  streamId!: string;

  @ApiProperty({ description: 'Version of the department’s stream', example: 1 })
  version!: number;

  @ApiProperty({ description: 'Global log position of the registration; use it as `minPosition`', example: 42 })
  position!: number;
}
