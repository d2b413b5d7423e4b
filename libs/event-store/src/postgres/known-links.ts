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
  private readonly links = new Map<string, ChainLink>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): ChainLink | undefined {
    const link = this.links.get(streamId);
    if (link) {
      this.links.delete(streamId);
      this.links.set(streamId, link);
    }
    return link;
  }

  remember(streamId: string, link: ChainLink): void {
    const known = this.links.get(streamId);
    if (known && known.version > link.version) return;
    this.links.delete(streamId);
    this.links.set(streamId, link);
    if (this.links.size > this.capacity) {
      const oldest = this.links.keys().next();
      if (!oldest.done) this.links.delete(oldest.value);
    }
  }

  forget(streamId: string): void {
    this.links.delete(streamId);
  }
}
