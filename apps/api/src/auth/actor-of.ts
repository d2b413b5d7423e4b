import type { Actor } from '@app/domain';
import type { Principal } from '@app/access';

/** The actor an event records for the principal that asked for it: its id, role and department if it has one. */
export function actorOf({ id, role, department }: Principal): Actor {
  return department === undefined ? { id, role } : { id, role, department };
}
