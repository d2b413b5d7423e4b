import { DomainError } from '@app/domain';

/**
 * Limits every request's input obeys before any validation looks at it. The deepest body of the API (a change's
 * process steps) is five levels deep; the longest list is a batch of 1,000 registrations. A batch of 1,000
 * registrations with a few handlers each holds about 8,000 objects and lists.
 */
export const INPUT_LIMITS = Object.freeze({ depth: 16, arrayItems: 1000, containers: 20_000 });

/**
 * A C0 control other than tab, line feed and carriage return, or a UTF-16 surrogate without its pair: text
 * PostgreSQL cannot store (NUL), that no JSON consumer can round-trip (lone surrogates), or that has no place in an
 * administrative record.
 */
const ILL_FORMED =
  // eslint-disable-next-line no-control-regex -- finding control characters is its purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Path = readonly (string | number)[];

/** Where the input came from, and the name its problems are reported under when they concern it as a whole. */
export type InputSource = 'body' | 'query' | 'params';

class InputRejected extends Error {
  constructor(
    readonly path: Path,
    readonly reason: string,
    /** Whether the message starts with the field's name, as class-validator's do (`caseNumber contains …`). */
    readonly named = true,
  ) {
    super(reason);
  }
}

/**
 * One walk over a request's parsed body, query or path parameters, linear in their size: every string and every
 * key is well-formed Unicode without control characters, nesting stays shallow and lists short. It stops at the
 * first fault; the field's path (`items.3.caseNumber`) is built only then. Throws VALIDATION_FAILED.
 */
export function checkRequestInput(value: unknown, source: InputSource): void {
  if (source === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
    throw rejection(source, new InputRejected([], 'the request body must be a JSON object', false));
  try {
    walk(value, 0, { containers: 0 });
  } catch (error) {
    if (error instanceof InputRejected) throw rejection(source, error);
    throw error;
  }
}

function walk(value: unknown, depth: number, budget: { containers: number }): void {
  if (typeof value === 'string') {
    if (ILL_FORMED.test(value)) throw new InputRejected([], textFault(value));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= INPUT_LIMITS.depth)
    throw new InputRejected([], `nests deeper than ${INPUT_LIMITS.depth} levels of objects and lists`);
  if ((budget.containers += 1) > INPUT_LIMITS.containers)
    throw new InputRejected([], `holds more than ${INPUT_LIMITS.containers} objects and lists in all`);
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.arrayItems)
      throw new InputRejected([], `must hold at most ${INPUT_LIMITS.arrayItems} elements`);
    for (let i = 0; i < value.length; i++) descend(value[i], i, depth, budget);
    return;
  }
  for (const key in value) {
    if (ILL_FORMED.test(key)) throw new InputRejected([key], `the field name ${textFault(key)}`, false);
    descend((value as Record<string, unknown>)[key], key, depth, budget);
  }
}

function descend(value: unknown, step: string | number, depth: number, budget: { containers: number }): void {
  try {
    walk(value, depth + 1, budget);
  } catch (error) {
    if (error instanceof InputRejected) throw new InputRejected([step, ...error.path], error.reason, error.named);
    throw error;
  }
}

function textFault(text: string): string {
  const fault = ILL_FORMED.exec(text)![0].charCodeAt(0);
  return fault < 0x20
    ? `contains the control character U+${fault.toString(16).toUpperCase().padStart(4, '0')}`
    : 'is not well-formed Unicode (a lone surrogate)';
}

function rejection(source: InputSource, { path, reason, named }: InputRejected): DomainError {
  const field = path.length === 0 ? source : path.join('.');
  const name = path.findLast((step): step is string => typeof step === 'string') ?? source;
  const message = named ? `${name} ${reason}` : reason;
  return new DomainError('VALIDATION_FAILED', 'validation', 'The request is invalid', {}, { [field]: [message] });
}
