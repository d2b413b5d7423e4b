import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUrl } from 'class-validator';
import { IsText } from '../request-fields';
import { IsPlausibleDate } from '../request-bounds';

/** 公开: the current version was disclosed through a channel on a date (not after today). */
export class PublishPowerRequest {
  @ApiProperty({ example: '政府门户网站' })
  @IsText(200)
  channel!: string;

  @ApiProperty({ format: 'date', example: '2025-04-08' })
  @IsPlausibleDate()
  publishedOn!: string;

  @ApiPropertyOptional({ example: 'https://www.example.gov.cn/zqml/YC-CF-0001' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  url?: string;
}
