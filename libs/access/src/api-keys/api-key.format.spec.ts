import { createHash } from 'node:crypto';
import { formatApiKey, generateApiKeySecret, hashApiKeySecret, parseApiKey, secretMatches } from './api-key.format';
import { principalFieldErrors } from './api-key.principal';

describe('API key format', () => {
  it('round-trips a generated key, whose secret is 32 random bytes in base64url', () => {
    const secret = generateApiKeySecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateApiKeySecret()).not.toBe(secret);
    const key = formatApiKey('0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', secret);
    expect(key.startsWith('psk_0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42_')).toBe(true);
    expect(parseApiKey(key)).toEqual({ id: '0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', secret });
  });

  it('splits at the first underscore after the prefix: the secret may contain underscores', () => {
    expect(parseApiKey(`psk_admin_${'a_b-'.repeat(10)}`)).toEqual({ id: 'admin', secret: 'a_b-'.repeat(10) });
  });

  it.each([
    ['no prefix', `admin_${'a'.repeat(43)}`],
    ['another prefix', `sk_admin_${'a'.repeat(43)}`],
    ['no secret', 'psk_admin'],
    ['an empty id', `psk__${'a'.repeat(43)}`],
    ['a short secret', `psk_admin_${'a'.repeat(31)}`],
    ['a secret outside base64url', `psk_admin_${'a'.repeat(42)}+`],
    ['an id outside its alphabet', `psk_ad.min_${'a'.repeat(43)}`],
  ])('rejects %s', (_case, key) => {
    expect(parseApiKey(key)).toBeUndefined();
  });

  it('hashes with SHA-256 and compares against the stored hash', () => {
    const secret = generateApiKeySecret();
    const stored = hashApiKeySecret(secret);
    expect(stored.equals(createHash('sha256').update(secret).digest())).toBe(true);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(generateApiKeySecret(), stored)).toBe(false);
    expect(secretMatches(secret, stored.subarray(0, 16))).toBe(false);
  });
});

describe('principal role and department', () => {
  it('requires a department code for role department and nothing else', () => {
    expect(principalFieldErrors('department', 'CG-ZFDD')).toEqual({});
    expect(principalFieldErrors('supervisor', undefined)).toEqual({});
    expect(principalFieldErrors('department', undefined)).toHaveProperty('department');
    expect(principalFieldErrors('department', 'cg')).toHaveProperty('department');
    expect(principalFieldErrors('admin', 'CG')).toHaveProperty('department');
    expect(principalFieldErrors('mayor', undefined)).toHaveProperty('role');
  });
});
