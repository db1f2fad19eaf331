import type { User } from '../../../api/types.ts';
import { isPoliceUser } from '../../../state/session.ts';

/** The server's incident writers (INCIDENT_WRITER_ROLES): police admin, commander, analyst, duty officer. */
export function canWriteIncidents(user: User | null): boolean {
  return isPoliceUser(user) && !!user && user.roles.some((r) => r === 'admin' || r === 'commander' || r === 'analyst' || r === 'duty_officer');
}
