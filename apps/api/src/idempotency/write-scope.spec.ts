import { WriteScope } from './write-scope';

describe('WriteScope across threads (parts and restore)', () => {
  it.each([
    ['keyed', WriteScope.keyed('principal-1', 'key-1', 'fingerprint-1')],
    ['derived', WriteScope.derived('operation-registration\u0000YCJ\u0000{}')],
  ])('a %s scope restored from its structured clone names the same events', (_, scope) => {
    const restored = WriteScope.restore(structuredClone(scope.parts));
    expect(restored.key).toBe(scope.key);
    expect(restored.metadata).toEqual(scope.metadata);
    expect(restored.eventIds(3)).toEqual(scope.eventIds(3));
  });

  it('a keyed scope restored names the things the request creates as the original does', () => {
    const scope = WriteScope.keyed('principal-1', 'key-1', 'fingerprint-1');
    expect(WriteScope.restore(structuredClone(scope.parts)).createdId(2)).toBe(scope.createdId(2));
  });

  it('an unkeyed scope stays unkeyed: fresh ids every time', () => {
    const restored = WriteScope.restore(structuredClone(WriteScope.unkeyed().parts));
    expect(restored.key).toBeUndefined();
    expect(restored.eventIds(1)).not.toEqual(restored.eventIds(1));
  });
});
