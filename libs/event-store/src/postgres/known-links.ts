import { LRUCache } from 'lru-cache';

/** One link of a stream's chain: the hash the event at `version` was stored with. */
export interface ChainLink {
  version: number;
  hash: Buffer;
}

/**
 * The latest chain link this process has seen per stream, least recently used evicted first. A stored event is
 * immutable, so a link read from the database stays true; a link this process computed for an append that was
 * later rolled back is not, which is why every append built on a link re-checks it in the same statement (see
 * PostgresEventStore) and drops it when the check fails. The cache only saves the database a lookup and a hash;
 * it is never trusted.
 */
export class KnownLinks {
  // A Map used as an LRU queue (delete the first key to evict) slows down as deletions leave holes at its front
  // that every eviction walks past: a batch of 1,000 new streams spent over 100 ms here. lru-cache evicts in O(1).
  private readonly links: LRUCache<string, ChainLink>;

  constructor(capacity: number) {
    this.links = new LRUCache({ max: capacity });
  }

  get(streamId: string): ChainLink | undefined {
    return this.links.get(streamId);
  }

  remember(streamId: string, link: ChainLink): void {
    const known = this.links.peek(streamId);
    if (known && known.version > link.version) return;
    this.links.set(streamId, link);
  }

  forget(streamId: string): void {
    this.links.delete(streamId);
  }
}
