/**
 * A copy of `value` without its undefined properties, so that an absent field is absent from the event rather than
 * present as undefined. A plain loop: it runs for several objects of every registration.
 */
export function compact<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) result[key] = field;
  }
  return result as T;
}
