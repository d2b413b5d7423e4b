import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `psk_<id>_<secret>`: the prefix makes a leaked key recognisable to secret scanners, the
 * id allows a single indexed lookup, and the secret (32 random bytes, base64url) is stored only as its
 * SHA-256. A plain hash is enough because the secret has full entropy: there is nothing to brute-force.
 */
export const API_KEY_PREFIX = 'psk_';
export const API_KEY_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
export const API_KEY_SECRET_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;
const SECRET_BYTES = 32;

export interface ParsedApiKey {
  id: string;
  secret: string;
}

/** Splits a presented key; undefined for anything not in the key format (it cannot match a stored key). */
export function parseApiKey(key: string): ParsedApiKey | undefined {
  if (!key.startsWith(API_KEY_PREFIX)) return undefined;
  const rest = key.slice(API_KEY_PREFIX.length);
  const separator = rest.indexOf('_');
  if (separator < 0) return undefined;
  const id = rest.slice(0, separator);
  const secret = rest.slice(separator + 1);
  if (!API_KEY_ID_PATTERN.test(id) || !API_KEY_SECRET_PATTERN.test(secret)) return undefined;
  return { id, secret };
}

export function formatApiKey(id: string, secret: string): string {
  return `${API_KEY_PREFIX}${id}_${secret}`;
}

export function generateApiKeySecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function hashApiKeySecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashApiKeySecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
