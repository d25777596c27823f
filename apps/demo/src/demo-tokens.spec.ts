import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/config';
import { DEMO_TOKENS } from './demo-tokens';

describe("the demo's tokens and the README", () => {
  const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');

  test('every token a README example sends is one the demo configures, for the role the route needs', () => {
    const sent = [...readme.matchAll(/Bearer ([\w-]+)/g)].map((m) => m[1]);
    expect(sent.length).toBeGreaterThan(0);
    for (const token of sent) expect(Object.values(DEMO_TOKENS)).toContain(token);
    // The audit routes need the auditor role (or admin): the README must not send them a recorder token.
    for (const line of readme
      .split('\n')
      .filter((l) => /\/v1\/audit|\/history/.test(l) && /Bearer/.test(l))) {
      expect(line).toMatch(new RegExp(`Bearer (${DEMO_TOKENS.auditor}|${DEMO_TOKENS.admin})`));
    }
  });

  test('the demo configures a token for each of the four roles', () => {
    expect(Object.keys(DEMO_TOKENS).sort()).toEqual(['admin', 'auditor', 'reader', 'recorder']);
  });
});
