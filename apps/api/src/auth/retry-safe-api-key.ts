import { createHmac } from 'node:crypto';

/**
 * The id and secret of the key an admin issues under an Idempotency-Key: HMAC-SHA256 of the Idempotency-Key under
 * the admin's own secret. Every retry of the request derives the same key, so a retry can be answered with the key
 * its first attempt issued although the server keeps no secret (only its hash); no one without the admin's key can
 * derive it. The id is a UUID of version 8 (RFC 9562, custom).
 */
export function retrySafeApiKey(callerSecret: string, idempotencyKey: string): { id: string; secret: string } {
  const derive = (purpose: string): Buffer =>
    createHmac('sha256', callerSecret).update(`${purpose}\n${idempotencyKey}`, 'utf8').digest();
  const id = derive('api-key-id').subarray(0, 16);
  id[6] = (id[6] & 0x0f) | 0x80;
  id[8] = (id[8] & 0x3f) | 0x80;
  const hex = id.toString('hex');
  return {
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    secret: derive('api-key-secret').toString('base64url'),
  };
}
