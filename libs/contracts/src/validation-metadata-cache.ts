import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type TargetMetadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;

const installed = new WeakSet<MetadataStorage>();

/**
 * class-validator 0.15 finds the rules of the class it validates by testing every decorated class of the application
 * for being an ancestor (`prototype instanceof`), on every object: a batch of 1,000 registrations validates 3,000
 * objects against ~90 classes, and the scan was a quarter of class-validator's time in the API's CPU profile
 * (typestack/class-validator#2686, open). The answer depends only on the arguments and on the target's own and
 * inherited rules, which are all registered when its class and its ancestors load, before any instance can be
 * validated; so it is computed once per target and arguments. A class loaded later gets its own entry on its first
 * validation. The cached arrays are frozen: a caller that tried to change one would throw rather than corrupt the
 * next validation.
 */
export function cacheTargetValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const cache = new WeakMap<object, Map<string, TargetMetadatas>>();
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byArguments = cache.get(targetConstructor);
    if (!byArguments) cache.set(targetConstructor, (byArguments = new Map<string, TargetMetadatas>()));
    let metadatas = byArguments.get(key);
    if (!metadatas) {
      metadatas = Object.freeze(
        lookup(targetConstructor, targetSchema, always, strictGroups, groups),
      ) as TargetMetadatas;
      byArguments.set(key, metadatas);
    }
    return metadatas;
  };
}
