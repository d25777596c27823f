import { roleAllows } from './roles';
import { TokenRegistry } from './token-registry';

describe('tokens and roles', () => {
  const registry = new TokenRegistry([
    { name: 'ana', role: 'recorder', token: 'aaaaaaaaaaaaaaaa' },
    { name: 'bo', role: 'auditor', token: 'bbbbbbbbbbbbbbbb' },
  ]);

  test('a known token identifies its principal; an unknown or near token does not', () => {
    expect(registry.identify('aaaaaaaaaaaaaaaa')).toEqual({ name: 'ana', role: 'recorder' });
    expect(registry.identify('bbbbbbbbbbbbbbbb')).toEqual({ name: 'bo', role: 'auditor' });
    expect(registry.identify('aaaaaaaaaaaaaaab')).toBeUndefined();
    expect(registry.identify('')).toBeUndefined();
  });

  test('the registry keeps no token in clear', () => {
    expect(JSON.stringify(registry)).not.toContain('aaaaaaaaaaaaaaaa');
  });

  test.each([
    ['reader', 'reader', true],
    ['reader', 'recorder', false],
    ['recorder', 'reader', true],
    ['recorder', 'auditor', false],
    ['auditor', 'reader', true],
    ['auditor', 'recorder', false],
    ['admin', 'recorder', true],
    ['admin', 'auditor', true],
    ['admin', 'admin', true],
    ['auditor', 'admin', false],
  ] as const)('a %s may act as %s: %s', (held, needed, allowed) => {
    expect(roleAllows(held, needed)).toBe(allowed);
  });
});
