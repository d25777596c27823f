export const ROLES = ['reader', 'recorder', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do (DESIGN §6): every role reads; recorders record; auditors audit; admin does all. */
const GRANTS: Record<Role, ReadonlySet<Role>> = {
  reader: new Set(['reader']),
  recorder: new Set(['reader', 'recorder']),
  auditor: new Set(['reader', 'auditor']),
  admin: new Set(['reader', 'recorder', 'auditor', 'admin']),
};

export function roleAllows(held: Role, needed: Role): boolean {
  return GRANTS[held].has(needed);
}
