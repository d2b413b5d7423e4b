import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '@app/domain';
import { PRINCIPAL_ROLES, PrincipalRole } from '@app/access';

/** The role/department pairing rule lives in ApiKeyService, shared with the CLI; this checks the shapes. */
export class CreateApiKeyRequest {
  @ApiProperty({ description: 'What the key is for (a system, a person)', example: '城管局业务系统', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES, example: 'department' })
  @IsIn(PRINCIPAL_ROLES)
  role!: PrincipalRole;

  @ApiPropertyOptional({
    description: 'Required for role department, must be absent for every other role',
    pattern: DEPARTMENT_CODE_PATTERN.source,
    example: 'CG',
  })
  @IsOptional()
  @IsString()
  @Matches(DEPARTMENT_CODE_PATTERN)
  department?: string;
}
