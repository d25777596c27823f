import { spawn } from 'node:child_process';
import { builtCli, minimalEnv, ROOT } from '../servers/servers-under-test';

/** No CLI run of the bench may take longer than this (the full import takes well under a minute here). */
const CLI_TIMEOUT_MS = 10 * 60_000;

export interface CliRun {
  code: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with SQLITE_PATH (and extra node flags); killed after CLI_TIMEOUT_MS. */
export function runCli(args: string[], sqlitePath: string, nodeArgs: string[] = []): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, builtCli(), ...args], {
      cwd: ROOT,
      env: minimalEnv({
        SQLITE_PATH: sqlitePath,
        READ_MODEL_PATH: `${sqlitePath}.read-models`,
        USER: 'bench',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.length < 1000 && out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.length < 1000 && err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.removeListener('exit', kill);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
