import { DomainError } from '@app/domain';

/**
 * Limits every request's input obeys before any validation looks at it. The deepest body of the API (a change's
 * process steps) is five levels deep; the longest list is a batch of 1,000 registrations. A batch of 1,000
 * registrations with a few handlers each holds about 8,000 objects and lists.
 */
export const INPUT_LIMITS = Object.freeze({ depth: 16, arrayItems: 1000, containers: 20_000 });

/* eslint-disable no-control-regex -- finding control characters is their purpose */
/** Characters that may be faults: one character class, which scans fast; almost every text has none. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF]/;
/**
 * A C0 control other than tab, line feed and carriage return, or a UTF-16 surrogate without its pair: text
 * PostgreSQL cannot store (NUL), that no JSON consumer can round-trip (lone surrogates), or that has no place in an
 * administrative record.
 */
const ILL_FORMED =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */

const isIllFormed = (text: string): boolean => SUSPECT.test(text) && ILL_FORMED.test(text);

/** Where the input came from, and the name its problems are reported under when they concern it as a whole. */
export type InputSource = 'body' | 'query' | 'params';

interface Fault {
  /** The steps from the fault up to the input, in that order: filled in on the way back up. */
  reversedPath: (string | number)[];
  reason: string;
  /** Whether the message starts with the field's name, as class-validator's do (`caseNumber contains …`). */
  named: boolean;
}

const fault = (reason: string, named = true, step?: string): Fault => ({
  reversedPath: step === undefined ? [] : [step],
  reason,
  named,
});

/**
 * One walk over a request's parsed body, query or path parameters, linear in their size: every string and every
 * key is well-formed Unicode without control characters, nesting stays shallow and lists short. It stops at the
 * first fault; the field's path (`items.3.caseNumber`) is built only then. Throws VALIDATION_FAILED.
 */
export function checkRequestInput(value: unknown, source: InputSource): void {
  if (source === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
    throw rejection(source, fault('the request body must be a JSON object', false));
  const found = walk(value, 0, { containers: 0 });
  if (found) throw rejection(source, found);
}

function walk(value: unknown, depth: number, budget: { containers: number }): Fault | undefined {
  if (typeof value === 'string') return isIllFormed(value) ? fault(textFault(value)) : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= INPUT_LIMITS.depth) return fault(`nests deeper than ${INPUT_LIMITS.depth} levels of objects and lists`);
  if ((budget.containers += 1) > INPUT_LIMITS.containers)
    return fault(`holds more than ${INPUT_LIMITS.containers} objects and lists in all`);
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.arrayItems) return fault(`must hold at most ${INPUT_LIMITS.arrayItems} elements`);
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1, budget);
      if (found) return (found.reversedPath.push(i), found);
    }
    return undefined;
  }
  for (const key in value) {
    if (isIllFormed(key)) return fault(`the field name ${textFault(key)}`, false, key);
    const found = walk((value as Record<string, unknown>)[key], depth + 1, budget);
    if (found) return (found.reversedPath.push(key), found);
  }
  return undefined;
}

function textFault(text: string): string {
  const character = ILL_FORMED.exec(text)![0].charCodeAt(0);
  return character < 0x20
    ? `contains the control character U+${character.toString(16).toUpperCase().padStart(4, '0')}`
    : 'is not well-formed Unicode (a lone surrogate)';
}

function rejection(source: InputSource, { reversedPath, reason, named }: Fault): DomainError {
  const path = reversedPath.reverse();
  const field = path.length === 0 ? source : path.join('.');
  const name = path.findLast((step): step is string => typeof step === 'string') ?? source;
  const message = named ? `${name} ${reason}` : reason;
  return new DomainError('VALIDATION_FAILED', 'validation', 'The request is invalid', {}, { [field]: [message] });
}
