import { errorCodes } from 'fastify';
import secureJsonParse from 'secure-json-parse';

/**
 * The body of a route marked RawJsonBody, as the JSON text that arrived: parsed where the request is handled (a
 * batch of registrations, in a worker thread), so that the thread answering HTTP does not build a thousand items'
 * objects only to pass them on.
 */
export class JsonText {
  constructor(readonly text: string) {}
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

/** Parses as Fastify's default JSON parser does (secure-json-parse, prototype poisoning refused). */
export function parseJsonText(text: string): unknown {
  try {
    return secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
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
    return parseJsonText(body.text);
  } catch {
    throw malformedJsonBody();
  }
}
