import { createHash } from 'node:crypto';

/**
 * The sampling algorithm, named and versioned so that a sample drawn today can be redrawn and checked in years:
 * every operation id of the population is ranked by SHA-256(seed + "\n" + id) (hex, ascending; ties by id), and the
 * `size` first are the sample. Anyone holding the population and the seed gets the same sample with a few lines of
 * code in any language; no pseudo-random generator's state or library version is involved.
 */
export const SAMPLING_ALGORITHM = 'sha256-rank';
export const SAMPLING_ALGORITHM_VERSION = 1;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function drawSample(population: readonly string[], seed: string, size: number): string[] {
  return [...new Set(population)]
    .map((id) => ({ id, rank: sha256(`${seed}\n${id}`) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, size)
    .map(({ id }) => id);
}

/** SHA-256 of the population's ids, sorted by code point, one per line: says which population a sample came from. */
export function populationSha256(population: readonly string[]): string {
  return sha256([...new Set(population)].sort().join('\n'));
}

/** The seed derived from the log, when none is given: it could not be known before the event at that position. */
export function seedFromLog(atPosition: number, eventHash: string): string {
  return sha256(`log-position:${atPosition}\n${eventHash}`);
}
