import { API_KEY_ID_PATTERN, API_KEY_SECRET_PATTERN } from '@app/access';
import { retrySafeApiKey } from './retry-safe-api-key';

describe('retrySafeApiKey', () => {
  const adminSecret = 'S'.repeat(43);

  it('derives the same key for every retry, a valid key id and secret', () => {
    const key = retrySafeApiKey(adminSecret, 'issue-2026-12-03-1');
    expect(retrySafeApiKey(adminSecret, 'issue-2026-12-03-1')).toEqual(key);
    expect(key.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(key.id).toMatch(API_KEY_ID_PATTERN);
    expect(key.secret).toMatch(API_KEY_SECRET_PATTERN);
    expect(key.secret).toHaveLength(43);
  });

  it('derives another key for another Idempotency-Key or another admin', () => {
    const key = retrySafeApiKey(adminSecret, 'k1');
    const otherRequest = retrySafeApiKey(adminSecret, 'k2');
    const otherAdmin = retrySafeApiKey('T'.repeat(43), 'k1');
    for (const other of [otherRequest, otherAdmin]) {
      expect(other.id).not.toBe(key.id);
      expect(other.secret).not.toBe(key.secret);
    }
  });
});
