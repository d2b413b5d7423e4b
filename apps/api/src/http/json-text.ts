import { errorCodes } from 'fastify';
import secureJsonParse from 'secure-json-parse';

/**
 * The body of a route marked RawJsonBody, as the JSON text that arrived (its UTF-8 bytes): parsed where the request
 * is handled (a batch of registrations, in a worker thread, to which the bytes are moved rather than copied), so that
 * the thread answering HTTP neither builds a thousand items' objects only to pass them on nor holds the text as a
 * string of its heap.
 */
export class JsonText {
  constructor(readonly bytes: Uint8Array) {}
}

/** The route config (Nest's RouteConfig) of a route whose body stays text: `@RouteConfig({ [RAW_JSON_BODY]: true })`. */
export const RAW_JSON_BODY = 'rawJsonBody';

/** The text is no JSON, or sets `__proto__` or `constructor.prototype`: what Fastify's own parser refuses. */
export class MalformedJsonBody extends Error {
  constructor() {
    super('The request body is not valid JSON');
    this.name = 'MalformedJsonBody';
  }
}

/**
 * Parses as Fastify's default JSON parser does (secure-json-parse, prototype poisoning refused), bytes decoded as
 * UTF-8 as Fastify decodes a body.
 */
export function parseJsonText(text: Uint8Array): unknown {
  const decoded = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString();
  try {
    return secureJsonParse.parse(decoded, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new MalformedJsonBody();
  }
}

/** What Fastify's JSON parser fails with on a body that is no JSON: the same problem, wherever it is parsed. */
export function malformedJsonBody(): Error {
  return new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
}

/** The body as the route's handler will see it parsed: for the request fingerprint of Idempotency-Key. */
export function parsedBody(body: unknown): unknown {
  if (!(body instanceof JsonText)) return body;
  try {
    return parseJsonText(body.bytes);
  } catch {
    throw malformedJsonBody();
  }
}

/** What Fastify answers a JSON body with, for an answer sent as jsonBytes. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A value as JSON text in UTF-8, in an ArrayBuffer of its own: what a worker thread answers with, moved to the HTTP
 * thread (a transfer, not a copy) and sent as it is, so that the HTTP thread neither rebuilds the value nor
 * serialises it again. The same text Fastify's serialiser (JSON.stringify) would send.
 */
export function jsonBytes(value: unknown): Uint8Array {
  return ownBuffer(new TextEncoder().encode(JSON.stringify(value)));
}

/**
 * The bytes in an ArrayBuffer that holds nothing else, ready to be moved to another thread: a small Buffer is a view
 * of Node's shared pool, which a transfer would take from every other Buffer in it, so such bytes are copied.
 */
export function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? new Uint8Array(buffer)
    : new Uint8Array(bytes);
}

/** The value of a handler's answer: one sent as JSON bytes (jsonBytes) parsed back, for the Idempotency-Key record. */
export function answerValue(answer: unknown): unknown {
  return answer instanceof Uint8Array ? parseJsonText(answer) : answer;
}
