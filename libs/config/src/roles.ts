/** The roles a token may hold (API_TOKENS); what each may do is the API's to decide (apps/api/src/auth). */
export const ROLES = ['reader', 'recorder', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
