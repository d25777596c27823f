import { CliContext } from './cli-context';
import { runCli } from './main';

function capture(): { context: CliContext; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    context: { env: {}, out: (t) => (out += t), err: (t) => (err += t), interactive: false },
    out: () => out,
    err: () => err,
  };
}

describe('the command-line tool', () => {
  test('--help prints the usage, naming every command, and exits 0', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.context)).toBe(0);
    for (const command of [
      'import',
      'export',
      'verify',
      'replay',
      'state',
      'import-us-missions',
      'import-cow',
      'export-panel',
    ]) {
      expect(c.out()).toContain(`  ${command} `);
    }
  });

  test('an unknown command prints the usage and exits 2', async () => {
    const c = capture();
    expect(await runCli(['frobnicate'], c.context)).toBe(2);
    expect(c.err()).toContain('unknown command "frobnicate"');
  });

  test('a command without its argument exits 2 with a usage message', async () => {
    const c = capture();
    expect(await runCli(['import'], c.context)).toBe(2);
    expect(c.err()).toContain('import: needs a file');
    expect(c.err()).toContain('Usage: npm run cli');
  });

  test.each([
    [['state', 'AZ', 'CN', '--date', '2024-07-04'], "state: Unknown option '--date'"],
    [['export', '--outt', 'x'], "export: Unknown option '--outt'"],
    [['export', '--out'], "export: Option '--out <value>' argument missing"],
    [['export', 'log.ndjson'], 'export: unexpected argument "log.ndjson"'],
    [
      ['state', 'AZ', 'CN', '--at', '2024-13-01'],
      'state: --at: must be a calendar date YYYY-MM-DD that exists',
    ],
    [['state', 'AZ', 'CN', '--known-at', 'yesterday'], 'state: --known-at: '],
    [['state', 'AZ', 'QQ'], 'state: b: unknown country code "QQ"'],
    [['state', 'AZ'], 'state: needs two country codes'],
    [['replay', '--swap=yes'], "replay: Option '--swap' does not take an argument"],
    [['import-us-missions', 'transitions.csv', '--names'], "Option '--names <value>' argument missing"],
    [['verify', 'a.ndjson', 'b.ndjson'], 'verify: unexpected argument "b.ndjson"'],
    [['import-cow'], 'import-cow: needs the file'],
    [['export-panel', '--from', '2005', '--to', '1817'], 'export-panel: from and to must be years'],
    [['export-panel', '--years', '5y'], 'export-panel: years must be a list of years'],
    [['export-panel', '--format', 'stata'], 'export-panel: --format must be cow'],
  ])('%j is refused before any store is opened: the mistake, the usage, exit 2', async (args, message) => {
    const c = capture();
    expect(await runCli(args, c.context)).toBe(2);
    expect(c.err()).toContain(message);
    expect(c.err()).toContain('Usage: npm run cli -- <command> [options]');
    expect(c.err()).not.toMatch(/^\s+at /m); // no stack trace
    expect(c.err()).not.toContain('store:');
    expect(c.out()).toBe('');
  });
});
