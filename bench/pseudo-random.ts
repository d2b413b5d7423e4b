/** A deterministic pseudo-random sequence in [0, 1), so that every run and every size holds the same kind of data. */
export function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
