import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';
import {
  canonicalEnvelope,
  canonicalEnvelopeBytes,
  chainHash,
  chainHashBytes,
  chainHashOfParts,
  envelopeText,
  GENESIS_HASH,
} from './hash-chain';

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

  it('equals RFC 8785 when the string fields of the envelope need escaping', () => {
    const value = {
      ...envelope({ a: 1 }),
      eventId: 'id "quoted"',
      type: 'Type\\with\u2028separator',
      schemaVersion: 12,
    };
    expect(canonicalEnvelope(value)).toBe(canonicalize(value));
  });

  it('gives, as UTF-8, the canonical data and metadata it embeds and the pieces around them', () => {
    const value = envelope({ 名称: '处罚', b: [1, 2] }, { z: 1, a: { y: 2, x: 3 } });
    const parts = canonicalEnvelopeBytes(value);
    expect(parts.data.toString('utf8')).toBe(canonicalize(value.data));
    expect(parts.metadata.toString('utf8')).toBe(canonicalize(value.metadata));
    const whole = Buffer.concat([Buffer.from('{"data":'), parts.data, parts.middle, parts.metadata, parts.tail]);
    expect(whole.toString('utf8')).toBe(canonicalize(value));
    expect(envelopeText(parts)).toBe(canonicalEnvelope(value));
    expect(canonicalEnvelopeBytes(value, parts.metadata)).toEqual(parts);
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

describe('chainHashBytes', () => {
  it('hashes exactly prev ‖ utf8(stream) ‖ NUL ‖ int64be(version) ‖ utf8(canonical), whatever the length of prev', () => {
    const canonical = canonicalEnvelope(envelope({ 名称: '准运证' }));
    for (const prev of [Buffer.alloc(32, 7), Buffer.from('short'), Buffer.alloc(0)]) {
      const version = Buffer.alloc(8);
      version.writeBigInt64BE(300n);
      const expected = createHash('sha256')
        .update(Buffer.concat([prev, Buffer.from('运行-1', 'utf8'), Buffer.from([0]), version, Buffer.from(canonical)]))
        .digest();
      expect(chainHashBytes(prev, '运行-1', 300, canonical)).toEqual(expected);
    }
  });
});

describe('chainHashOfParts', () => {
  it('is chainHashBytes of the whole canonical envelope, for any previous link and any text', () => {
    const values = [
      envelope({ 名称: '准运证', note: 'line\u2028separator "quoted"' }, { actor: { id: '审核员' } }),
      { ...envelope({ a: 1 }), eventId: 'id "quoted"', type: 'Type\\x', schemaVersion: 12 },
      envelope({}, {}),
    ];
    for (const value of values) {
      for (const prev of [Buffer.alloc(32, 7), Buffer.from('short'), Buffer.alloc(0)]) {
        expect(chainHashOfParts(prev, '运行-1', 300, canonicalEnvelopeBytes(value))).toEqual(
          chainHashBytes(prev, '运行-1', 300, canonicalEnvelope(value)),
        );
      }
    }
  });
});
