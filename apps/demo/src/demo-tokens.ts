import { ROLES, type Role } from '@app/config';

/** One token per role, printed on screen, so that every example of the README works: for this local demo only. */
export const DEMO_TOKENS: Record<Role, string> = Object.fromEntries(
  ROLES.map((role) => [role, `demo-${role}-token-change-me`]),
) as Record<Role, string>;
