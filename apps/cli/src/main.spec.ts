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
    for (const command of ['import', 'export', 'verify', 'replay', 'state', 'import-us-missions']) {
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
    expect(c.err()).toContain('import needs a file');
  });
});
