import { configure } from 'safe-stable-stringify';
import { isStorableJson, isStorableText, unstorableJsonError } from './storable-text';

const canonical = configure({ deterministic: true, strict: true });

describe('storable text', () => {
  it.each([
    ['plain text', { a: '准运证', b: [1, null, true] }],
    ['astral characters and surrogate pairs', { s: '😀 𝒜', '😀': 1 }],
    ['escaped control characters other than U+0000', { s: '\u0001\u001f\n\t' }],
    ['a backslash before "u0000" and "ud800"', { s: '\\u0000 \\ud800 \\\\\\u0000' }],
    ['private-use characters next to the surrogates', { s: '\ue000\uffff' }],
  ])('keeps %s', (_case, value) => {
    expect(isStorableJson(canonical(value))).toBe(true);
  });

  it.each([
    ['U+0000', { s: 'a\u0000b' }],
    ['U+0000 after an escaped backslash', { s: '\\\u0000' }],
    ['a lone high surrogate', { s: 'a\ud800' }],
    ['a lone low surrogate', { s: '\udfffb' }],
    ['reversed pair', { s: '\ude00\ud83d' }],
    ['U+0000 in a key', { ['k\u0000']: 1 }],
  ])('refuses %s', (_case, value) => {
    expect(isStorableJson(canonical(value))).toBe(false);
  });

  it('tells text columns apart the same way', () => {
    expect(isStorableText('power-YC-XK-0001 😀')).toBe(true);
    expect(isStorableText('power-\u0000')).toBe(false);
    expect(isStorableText('power-\ud800')).toBe(false);
  });

  it('names the first string at fault and what is wrong with it', () => {
    const error = unstorableJsonError('PowerGranted', 'data', { ok: 'x', basis: [{ title: 'a\ud800' }] });
    expect(error).toMatchObject({ code: 'UNSTORABLE_TEXT', details: { path: 'data.basis[0].title' } });
    expect(error.message).toBe(
      'The PowerGranted event cannot be stored: data.basis[0].title contains a lone surrogate (half of a UTF-16 ' +
        'pair, not Unicode text), which no read model can hold',
    );
  });
});
