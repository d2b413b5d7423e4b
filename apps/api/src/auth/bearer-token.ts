export type BearerCredentials = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'malformed' };

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive, RFC 7235); anything else present is malformed. */
export function bearerCredentials(header: string | undefined): BearerCredentials {
  if (header === undefined) return { kind: 'none' };
  const match = /^Bearer +(\S+)$/i.exec(header.trim());
  return match ? { kind: 'bearer', token: match[1] } : { kind: 'malformed' };
}
