import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, DEPARTMENT_NAME_MAX_LENGTH } from '@app/domain';

export class RegisterDepartmentRequest {
  @ApiProperty({ description: 'Stable department code', pattern: DEPARTMENT_CODE_PATTERN.source, example: 'CG-ZFDD' })
  @IsString()
  @Matches(DEPARTMENT_CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: '城市管理行政执法大队', maxLength: DEPARTMENT_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEPARTMENT_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({
    description: 'Code of the department it belongs to; must already be registered (422 DEPARTMENT_NOT_FOUND)',
    pattern: DEPARTMENT_CODE_PATTERN.source,
    example: 'CG',
  })
  @IsOptional()
  @IsString()
  @Matches(DEPARTMENT_CODE_PATTERN)
  parent?: string;
}
