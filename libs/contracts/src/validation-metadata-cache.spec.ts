import { getMetadataStorage, IsInt, IsString, validateSync } from 'class-validator';
import { cacheTargetValidationMetadata } from './validation-metadata-cache';

class Parent {
  @IsString()
  name!: unknown;

  @IsInt({ groups: ['strict'] })
  rank!: unknown;
}

const storage = getMetadataStorage();
const uncached = storage.getTargetValidationMetadatas(Parent, '', false, false);
cacheTargetValidationMetadata(storage);

/** Loaded after the cache was installed, as a lazily loaded module's class would be. */
class Child extends Parent {
  @IsInt()
  count!: unknown;
}

const failed = (object: object, groups?: string[]) =>
  validateSync(object, { groups })
    .map((error) => error.property)
    .sort();

describe('cacheTargetValidationMetadata', () => {
  it('answers with the rules class-validator found, computed once per target and arguments', () => {
    const first = storage.getTargetValidationMetadatas(Parent, '', false, false);
    expect(first).toEqual(uncached);
    expect(storage.getTargetValidationMetadatas(Parent, '', false, false)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('keeps the inherited rules of a class loaded after it', () => {
    expect(failed(Object.assign(new Child(), { name: 1, rank: 1, count: 'x' }))).toEqual(['count', 'name']);
    expect(failed(Object.assign(new Child(), { name: 'a', rank: 1, count: 2 }))).toEqual([]);
  });

  it('keeps groups apart', () => {
    const parent = Object.assign(new Parent(), { name: 'a', rank: 'high' });
    expect(failed(parent, ['other'])).toEqual([]);
    expect(failed(parent, ['strict'])).toEqual(['rank']);
    expect(failed(parent, ['other'])).toEqual([]);
  });

  it('installs itself once', () => {
    const lookup = storage.getTargetValidationMetadatas;
    cacheTargetValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
