import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { TurnBudget } from '@app/platform';
import { JsonText } from './json-text';
import { cacheTargetValidationMetadata, fieldErrorsOf, REQUEST_VALIDATOR_OPTIONS } from '@app/contracts';

/**
 * How many elements of a list marked ValidatedInSlices are validated at a time; the event loop is let go between two
 * such slices once the turn's budget (TurnBudget) is spent, so a slow machine yields after fewer elements.
 */
export const VALIDATION_SLICE = 10;

const SLICED_LIST = Symbol('validated in slices');

/**
 * Marks the one list of a request body that may be long (a batch's items): its elements are validated
 * VALIDATION_SLICE at a time, letting other requests run in between whenever a turn's budget is spent.
 * class-validator checks a whole body in one synchronous pass, which for 1,000 registrations is over 100 ms in which
 * the API answers nobody, /health included. The list's own rules (size bounds) are checked on every slice, so they
 * must hold for any slice of a valid list.
 */
export function ValidatedInSlices(): PropertyDecorator {
  return (target, property) => {
    Object.defineProperty(target.constructor, SLICED_LIST, { value: property });
  };
}

function slicedListOf(metatype: unknown): string | undefined {
  const property = typeof metatype === 'function' ? (metatype as { [SLICED_LIST]?: unknown })[SLICED_LIST] : undefined;
  return typeof property === 'string' ? property : undefined;
}

/**
 * The one global pipe (docs/architecture.md): unknown fields are rejected, failures become VALIDATION_FAILED with
 * the fields at fault. A body with a list marked ValidatedInSlices is validated as a series of bodies, each with one
 * slice of the list; the errors are gathered with each element's index in the whole list (`items.312.acceptedAt`).
 */
export class RequestValidationPipe extends ValidationPipe {
  /** `budget` starts each long list's time budget (tests give one with their own clock). */
  constructor(private readonly budget: () => TurnBudget = () => new TurnBudget()) {
    cacheTargetValidationMetadata();
    super({
      ...REQUEST_VALIDATOR_OPTIONS,
      transform: true,
      exceptionFactory: (errors) => validationFailed(fieldErrorsOf(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // The text of a RawJsonBody route: its handler parses and validates it (with this pipe).
    if (value instanceof JsonText) return value;
    const property = slicedListOf(metadata.metatype);
    const list = property !== undefined && isPlainObject(value) ? value[property] : undefined;
    if (!Array.isArray(list) || list.length <= VALIDATION_SLICE) return super.transform(value, metadata);
    const body = value as Record<string, unknown>;
    const faults = new Map<string, Set<string>>();
    const elements: unknown[] = [];
    let entity: Record<string, unknown> | undefined;
    const budget = this.budget();
    for (let start = 0; start < list.length; start += VALIDATION_SLICE) {
      await budget.check();
      const slice = list.slice(start, start + VALIDATION_SLICE);
      try {
        entity = (await super.transform({ ...body, [property!]: slice }, metadata)) as Record<string, unknown>;
        elements.push(...(entity[property!] as unknown[]));
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
        for (const [field, messages] of Object.entries(error.fieldErrors)) {
          const path = shiftIndex(field, property!, start);
          const known = faults.get(path) ?? faults.set(path, new Set()).get(path)!;
          for (const message of messages) known.add(message);
        }
      }
    }
    if (faults.size > 0) {
      throw validationFailed(Object.fromEntries([...faults].map(([field, messages]) => [field, [...messages]])));
    }
    return Object.assign(entity!, { [property!]: elements });
  }
}

function validationFailed(fields: Record<string, string[]>): DomainError {
  return new DomainError('VALIDATION_FAILED', 'validation', 'The request is invalid', {}, fields);
}

/** `items.3.acceptedAt` of the slice starting at 200 is `items.203.acceptedAt` of the request. */
function shiftIndex(field: string, property: string, offset: number): string {
  const prefix = `${property}.`;
  if (!field.startsWith(prefix)) return field;
  const rest = field.slice(prefix.length);
  const dot = rest.indexOf('.');
  const index = dot === -1 ? rest : rest.slice(0, dot);
  if (!/^\d+$/.test(index)) return field;
  return `${prefix}${Number(index) + offset}${dot === -1 ? '' : rest.slice(dot)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
