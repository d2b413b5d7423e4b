import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRINCIPAL_ROLES, PrincipalRole } from '@app/access';

export class ApiKeyCreatedResponse {
  @ApiProperty({ example: '0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42' })
  id!: string;

  @ApiProperty({
    description: 'The key itself, shown this once only: the server keeps just a hash of it',
    example: 'psk_0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42_3q2-7wEXAMPLEd9V0mPqk3l3fQz0H6sYt8xW1aBcDeFgHiJ',
  })
  key!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES })
  role!: PrincipalRole;

  @ApiPropertyOptional({ example: 'CG' })
  department?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class ApiKeySummaryResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES })
  role!: PrincipalRole;

  @ApiPropertyOptional()
  department?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Principal id of whoever issued it (`system` for the first admin key)' })
  createdBy!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  revokedAt?: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ type: [ApiKeySummaryResponse] })
  items!: ApiKeySummaryResponse[];

  @ApiPropertyOptional()
  nextCursor?: string;
}
