import { JsonText, malformedJsonBody, MalformedJsonBody, parsedBody, parseJsonText } from './json-text';
import { toProblem } from './problem-details';

describe('JSON bodies kept as text (RawJsonBody routes)', () => {
  it('parses what Fastify parses', () => {
    expect(parseJsonText('{"items":[{"a":1}],"b":"中"}')).toEqual({ items: [{ a: 1 }], b: '中' });
  });

  it.each([
    ['no JSON', '{"items": ['],
    ['a __proto__ key', '{"__proto__":{"polluted":true}}'],
    ['a constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
  ])('refuses %s, as Fastify does', (_, text) => {
    expect(() => parseJsonText(text)).toThrow(MalformedJsonBody);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers malformed text with Fastify's own problem", () => {
    const { problem } = toProblem(malformedJsonBody(), 'c-1');
    expect(problem).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
      detail: 'The request body is not valid JSON',
    });
  });

  it('gives the Idempotency-Key fingerprint the parsed body, and fails malformed text as Fastify would', () => {
    expect(parsedBody(new JsonText('{"a":[1]}'))).toEqual({ a: [1] });
    expect(parsedBody({ a: 1 })).toEqual({ a: 1 });
    expect(() => parsedBody(new JsonText('{'))).toThrow(
      expect.objectContaining({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
    );
  });
});
