import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  buildMessage,
  IsArray,
  IsOptional,
  Matches,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { isValidDate, OPERATION_SHA256_PATTERN } from '@app/domain';
import { isPlausibleDate, plausibleDates } from './request-bounds';

/**
 * The field checks every request body shares (texts, dates, instants, nested objects and lists) and the value shapes
 * more than one feature takes (a legal basis, a document by name and digest). Each feature's DTOs use these; the
 * feature-specific shapes stay with their feature.
 */

export const TEXT_MAX = 2000;

/** Lists of a power's parts (legal bases, process steps, conditions, ...): more than this is not a catalogue entry. */
export const LIST_MAX = 100;

const INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A full ISO-8601 instant, e.g. 2025-09-30T09:00:00+08:00: date, time and offset (a bare date would be ambiguous by
 * a day), on a date that exists (no 2025-02-30T…).
 */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && isValidDate(value.slice(0, 10));
}

/** A calendar date YYYY-MM-DD that exists (no 2025-02-30). */
export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: isValidDate,
      defaultMessage: buildMessage((each) => `${each}$property must be a valid date YYYY-MM-DD`),
    },
  });
}

/** Non-empty text of reasonable length: one message whatever is wrong with it. */
export function IsText(max = TEXT_MAX, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '' && value.length <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a non-empty text of at most ${max} characters`,
        ),
      },
    },
    options,
  );
}

/** A list of non-empty texts, at most LIST_MAX. */
export function IsTextList(): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    ArrayMaxSize(LIST_MAX)(target, property);
    IsText(TEXT_MAX, { each: true })(target, property);
  };
}

/** A nested object of `type`, validated in turn (unknown fields inside it are rejected too). */
export function IsNested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  return (target, property) => {
    if (options.each) IsArray()(target, property);
    ValidateNested({
      each: options.each,
      message: options.each ? '$property must be a list of objects' : '$property must be an object',
    })(target, property);
    Type(type)(target, property);
  };
}

export class LegalBasisInput {
  @ApiProperty({ description: '法律法规名称', example: '中华人民共和国烟草专卖法实施条例' })
  @IsText()
  title!: string;

  @ApiProperty({ description: '条款', example: '第五十六条' })
  @IsText()
  article!: string;

  @ApiPropertyOptional({ description: '条文内容' })
  @IsOptional()
  @IsText(20000)
  text?: string;
}

/**
 * An instant with date, time and offset (isInstant) on a plausible date (isPlausibleDate: the date as written, which
 * an offset moves by a day at most).
 */
export function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => isInstant(value) && isPlausibleDate(value.slice(0, 10)),
      defaultMessage: buildMessage((each, args) =>
        isInstant(args?.value)
          ? `${each}$property must be ${plausibleDates()}`
          : `${each}$property must be a timestamp with time and offset, e.g. 2025-09-30T09:00:00+08:00`,
      ),
    },
  });
}

export class DocumentInput {
  @ApiProperty({ example: '行政处罚事先告知书' })
  @IsText(500)
  name!: string;

  @ApiProperty({ description: 'SHA-256 of the document, 64 hex digits; documents are never stored inline' })
  @Matches(OPERATION_SHA256_PATTERN, { message: 'sha256 must be a SHA-256 digest in 64 hex digits' })
  sha256!: string;
}
