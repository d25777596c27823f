import type { Role } from '@app/config';

export type { Role };

/**
 * What each role may do (docs/domain.md#roles): every role reads; recorders record; auditors audit; admin
 * does all.
 */
const GRANTS: Record<Role, ReadonlySet<Role>> = {
  reader: new Set(['reader']),
  recorder: new Set(['reader', 'recorder']),
  auditor: new Set(['reader', 'auditor']),
  admin: new Set(['reader', 'recorder', 'auditor', 'admin']),
};

export function roleAllows(held: Role, needed: Role): boolean {
  return GRANTS[held].has(needed);
}
