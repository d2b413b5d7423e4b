import { canonicalize } from 'json-canonicalize';
import { canonicalEnvelope, chainHash, GENESIS_HASH } from './hash-chain';

const envelope = (data: unknown, metadata: unknown = {}) => ({
  eventId: '0190d9a0-0000-7000-8000-000000000001',
  type: 'PowerGranted',
  schemaVersion: 1,
  data,
  metadata,
  recordedAt: '2025-01-02T03:04:05.678Z',
});

describe('canonical envelope', () => {
  it.each([
    [
      'Chinese text and approval numbers',
      { name: '对未取得烟草专卖品准运证运输烟草专卖品的处罚', documentNo: '宁城监〔2009〕35号' },
    ],
    ['numbers JCS formats specially', { a: 1e21, b: 1e-7, c: -0, d: 0.1 + 0.2, e: 123456789012345680000, f: 5e-324 }],
    ['keys in UTF-16 order, including astral and accented keys', { b: 1, a: 2, é: 3, Z: 4, '𝒜': 5, ｱ: 6, '': 7 }],
    ['nested arrays and objects', { z: [{ y: 1, x: [null, true, false] }], a: { c: { b: 'x' } } }],
    ['escapes', { s: 'quote " backslash \\ newline \n tab \t control \u0001 line-separator \u2028' }],
  ])('equals RFC 8785 (json-canonicalize) for %s', (_what, data) => {
    const value = envelope(data, { actor: { id: 'a', role: 'reviewer' }, correlationId: 'c' });
    expect(canonicalEnvelope(value)).toBe(canonicalize(value));
  });

  it('throws on values that are not JSON instead of dropping them', () => {
    expect(() => canonicalEnvelope(envelope({ amount: NaN }))).toThrow();
    expect(() => canonicalEnvelope(envelope({ n: BigInt(1) }))).toThrow();
  });
});

describe('chainHash', () => {
  it('is SHA-256 over prev ‖ stream ‖ NUL ‖ int64 version ‖ canonical JSON, and depends on each part', () => {
    const canonical = canonicalEnvelope(envelope({ a: 1 }));
    const base = chainHash(GENESIS_HASH, 'power-CG-XK-0001', 1, canonical);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, 'power-CG-XK-0001', 1, canonical)).toBe(base);
    expect(chainHash('1'.repeat(64), 'power-CG-XK-0001', 1, canonical)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, 'power-CG-XK-0002', 1, canonical)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, 'power-CG-XK-0001', 2, canonical)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, 'power-CG-XK-0001', 1, canonicalEnvelope(envelope({ a: 2 })))).not.toBe(base);
  });
});
