import { ApiHeader } from '@nestjs/swagger';
import { DomainError } from '@app/domain';

const ENTITY_TAG = /^"(\d{1,15})"$|^(\d{1,15})$/;

/** The ETag of a resource at a stream version. */
export const entityTag = (version: number): string => `"${version}"`;

/**
 * An If-Match header as the version it names, undefined when absent. The HTTP contract gives versions out as
 * `ETag: "<version>"`; the bare number is accepted too, since clients that build the header themselves often forget
 * the quotes.
 */
export function expectedVersionOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? ENTITY_TAG.exec(header.trim()) : null;
  if (!match) {
    throw new DomainError(
      'INVALID_IF_MATCH',
      'validation',
      'The If-Match header is malformed',
      {},
      {
        'If-Match': ['must be the ETag of the resource, e.g. "3"'],
      },
    );
  }
  return Number(match[1] ?? match[2]);
}

export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag (version) last seen; a stale one is 409 VERSION_CONFLICT and nothing is written',
  });
