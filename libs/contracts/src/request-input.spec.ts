import { DomainError } from '@app/domain';
import { checkRequestInput, INPUT_LIMITS, InputSource } from './request-input';

function rejection(value: unknown, source: InputSource = 'body'): Record<string, string[]> {
  try {
    checkRequestInput(value, source);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', category: 'validation' });
    return (error as DomainError).fieldErrors;
  }
  throw new Error('the input was accepted');
}

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('checkRequestInput', () => {
  it('accepts ordinary text: CJK, astral characters in pairs, tab, line and paragraph breaks, line separators', () => {
    expect(() =>
      checkRequestInput(
        {
          name: '对无准运证运输烟草专卖品的处罚 𠀀😀',
          note: 'a\tb\r\nc\u2028d',
          items: [{ n: 1, ok: true, none: null }],
        },
        'body',
      ),
    ).not.toThrow();
    expect(() => checkRequestInput(undefined, 'body')).not.toThrow();
    expect(() => checkRequestInput({ q: '烟草', status: ['a', 'b'] }, 'query')).not.toThrow();
  });

  it.each([
    ['NUL', 'a\u0000b', 'contains the control character U+0000'],
    ['an escape character', 'a\u001bb', 'contains the control character U+001B'],
    ['a vertical tab', 'a\u000bb', 'contains the control character U+000B'],
    ['a lone high surrogate', 'a\ud800b', 'is not well-formed Unicode (a lone surrogate)'],
    ['a lone low surrogate', 'a\udc00b', 'is not well-formed Unicode (a lone surrogate)'],
    ['a high surrogate at the end', 'ab\ud83d', 'is not well-formed Unicode (a lone surrogate)'],
    ['two high surrogates', '\ud83d\ud83d\ude00', 'is not well-formed Unicode (a lone surrogate)'],
  ])('refuses %s in a text and names the field by its path', (_what, text, reason) => {
    const body = { items: [{}, {}, {}, { caseNumber: text }] };
    expect(rejection(body)).toEqual({ 'items.3.caseNumber': [`caseNumber ${reason}`] });
  });

  it('refuses a control character or lone surrogate in a field name', () => {
    expect(rejection({ counterparty: { 'na\u0000me': 'x' } })).toEqual({
      'counterparty.na\u0000me': ['the field name contains the control character U+0000'],
    });
    expect(rejection({ ['\ud800']: 1 })).toEqual({
      '\ud800': ['the field name is not well-formed Unicode (a lone surrogate)'],
    });
  });

  it('checks query strings and path parameters under their own names', () => {
    expect(rejection({ q: '\u0000' }, 'query')).toEqual({ q: ['q contains the control character U+0000'] });
    expect(rejection({ q: ['ok', 'a\ud800'] }, 'query')).toEqual({
      'q.1': ['q is not well-formed Unicode (a lone surrogate)'],
    });
    expect(rejection({ code: '\u0000' }, 'params')).toEqual({ code: ['code contains the control character U+0000'] });
    expect(rejection(['\u0000'], 'query')).toEqual({ '0': ['query contains the control character U+0000'] });
  });

  it.each([
    ['null', null],
    ['an array', [{}]],
    ['a string', 'text'],
    ['a number', 42],
  ])('refuses %s as a body', (_what, body) => {
    expect(rejection(body)).toEqual({ body: ['the request body must be a JSON object'] });
  });

  it(`refuses nesting deeper than ${INPUT_LIMITS.depth} levels, and 10,000 levels without exhausting the stack`, () => {
    expect(() => checkRequestInput(nested(INPUT_LIMITS.depth), 'body')).not.toThrow();
    const tooDeep = rejection(nested(INPUT_LIMITS.depth + 1));
    expect(Object.keys(tooDeep)).toEqual([Array(INPUT_LIMITS.depth).fill('a').join('.')]);
    expect(rejection(nested(10_000))).toEqual(tooDeep);
  });

  it(`refuses a list of more than ${INPUT_LIMITS.arrayItems} elements before looking at them`, () => {
    expect(() => checkRequestInput({ items: Array(INPUT_LIMITS.arrayItems).fill({}) }, 'body')).not.toThrow();
    const elements = Array(100_000).fill('\u0000');
    expect(rejection({ items: elements })).toEqual({
      items: [`items must hold at most ${INPUT_LIMITS.arrayItems} elements`],
    });
  });

  it(`refuses more than ${INPUT_LIMITS.containers} objects and lists in all`, () => {
    // The body, the list, then 20 per item: 19,982 for 999 items, and the 17th handler of the 1,000th is one too many.
    const items = Array.from({ length: 1000 }, () => ({ handlers: Array.from({ length: 18 }, () => ({})) }));
    expect(rejection({ items })).toEqual({
      'items.999.handlers.16': [`handlers holds more than ${INPUT_LIMITS.containers} objects and lists in all`],
    });
    expect(() => checkRequestInput({ items: items.slice(0, 999) }, 'body')).not.toThrow();
  });
});
