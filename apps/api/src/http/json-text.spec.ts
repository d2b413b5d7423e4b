import {
  answerValue,
  jsonBytes,
  JsonText,
  malformedJsonBody,
  MalformedJsonBody,
  ownBuffer,
  parsedBody,
  parseJsonText,
} from './json-text';
import { toProblem } from './problem-details';

describe('JSON bodies kept as text (RawJsonBody routes)', () => {
  it('parses what Fastify parses', () => {
    expect(parseJsonText(Buffer.from('{"items":[{"a":1}],"b":"中"}'))).toEqual({ items: [{ a: 1 }], b: '中' });
  });

  it.each([
    ['no JSON', '{"items": ['],
    ['a __proto__ key', '{"__proto__":{"polluted":true}}'],
    ['a constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
  ])('refuses %s, as Fastify does', (_, text) => {
    expect(() => parseJsonText(Buffer.from(text))).toThrow(MalformedJsonBody);
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
    expect(parsedBody(new JsonText(Buffer.from('{"a":[1]}')))).toEqual({ a: [1] });
    expect(parsedBody({ a: 1 })).toEqual({ a: 1 });
    expect(() => parsedBody(new JsonText(Buffer.from('{')))).toThrow(
      expect.objectContaining({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
    );
  });

  it('parses the bytes that arrived as UTF-8, a character split between two chunks included', () => {
    const whole = Buffer.from('{"b":"中文","c":"\\u0000"}');
    const split = whole.indexOf(Buffer.from('中')) + 1;
    const bytes = Buffer.concat([whole.subarray(0, split), whole.subarray(split)]);
    expect(parseJsonText(new Uint8Array(bytes))).toEqual({ b: '中文', c: '\u0000' });
    expect(parseJsonText(new JsonText(whole).bytes)).toEqual({ b: '中文', c: '\u0000' });
  });

  it("writes an answer as the JSON Fastify's serialiser would send, in a buffer of its own, and reads it back", () => {
    const answer = { items: [{ id: '甲-1', position: 3, deadlines: null }] };
    const bytes = jsonBytes(answer);
    expect(Buffer.from(bytes).toString()).toBe(JSON.stringify(answer));
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(answerValue(bytes)).toEqual(answer);
    expect(answerValue(answer)).toBe(answer);
  });

  it("moves only bytes that own their buffer: a small Buffer, a view of Node's shared pool, is copied", () => {
    const pooled = Buffer.from('{"items":[]}');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const copy = ownBuffer(pooled);
    expect(copy.buffer).not.toBe(pooled.buffer);
    expect(copy.buffer.byteLength).toBe(pooled.byteLength);
    expect(Buffer.from(copy).equals(pooled)).toBe(true);
    const whole = Buffer.concat([Buffer.alloc(8192, 'a')]);
    expect(ownBuffer(whole).buffer).toBe(whole.buffer);
  });
});
