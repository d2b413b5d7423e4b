import { KnownLinks } from './known-links';

const hash = (byte: number): Buffer => Buffer.alloc(32, byte);

describe('KnownLinks', () => {
  it('keeps the highest version seen per stream', () => {
    const links = new KnownLinks(10);
    links.remember('s', { version: 3, hash: hash(3) });
    links.remember('s', { version: 2, hash: hash(2) });
    expect(links.get('s')).toEqual({ version: 3, hash: hash(3) });
    links.remember('s', { version: 4, hash: hash(4) });
    expect(links.get('s')).toEqual({ version: 4, hash: hash(4) });
  });

  it('evicts the least recently used stream beyond its capacity', () => {
    const links = new KnownLinks(2);
    links.remember('a', { version: 1, hash: hash(1) });
    links.remember('b', { version: 1, hash: hash(2) });
    links.get('a');
    links.remember('c', { version: 1, hash: hash(3) });
    expect(links.get('b')).toBeUndefined();
    expect(links.get('a')?.hash).toEqual(hash(1));
    expect(links.get('c')?.hash).toEqual(hash(3));
  });

  it('forgets a stream', () => {
    const links = new KnownLinks(2);
    links.remember('a', { version: 1, hash: hash(1) });
    links.forget('a');
    expect(links.get('a')).toBeUndefined();
  });
});
