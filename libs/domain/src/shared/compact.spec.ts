import { compact } from './compact';

describe('compact', () => {
  it('drops undefined properties and keeps every other value, falsy ones too, in order', () => {
    const value = { a: 1, b: undefined, c: null, d: 0, e: '', f: false, g: [undefined], h: { i: undefined } };
    const result = compact(value);
    expect(result).toStrictEqual({ a: 1, c: null, d: 0, e: '', f: false, g: [undefined], h: { i: undefined } });
    expect(Object.keys(result)).toEqual(['a', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(result).not.toBe(value);
  });
});
