import { runCli } from './main';

describe('the command-line tool', () => {
  test('--help prints the usage and exits 0', () => {
    let printed = '';
    expect(runCli(['--help'], (t) => (printed += t))).toBe(0);
    expect(printed).toContain('Usage: npm run cli -- <command>');
  });

  test('an unknown command prints the usage and exits 2', () => {
    let printed = '';
    expect(runCli(['frobnicate'], (t) => (printed += t))).toBe(2);
    expect(printed).toContain('unknown command "frobnicate"');
  });
});
