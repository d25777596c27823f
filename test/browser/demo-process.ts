import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface DemoProcess {
  /** Where the page is: http://127.0.0.1:<port>. */
  url: string;
  /** The record time the demo printed: the record as it read before the corrections. */
  beforeCorrections: string;
  stop(): Promise<void>;
}

/** `npm run demo`'s first step: build when dist is missing or older than the sources. */
export function buildIfStale(): void {
  execFileSync(process.execPath, [join(ROOT, 'apps', 'demo', 'build-if-stale.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 240_000,
  });
}

/**
 * `npm run demo`'s second step, as it runs for a person, on a free port and in a folder of its own: the
 * built demo, which imports the US missions and records the Azerbaijan–China example through the API.
 * Resolves once it prints that it is ready (at most `timeoutMs`).
 */
export function startDemo(timeoutMs = 90_000): Promise<DemoProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-demo-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'apps', 'demo', 'src', 'main.js')],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DEMO_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the demo was not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Page\s+(http:\/\/[^/\s]+)\//.exec(output)?.[1];
      const beforeCorrections = /knownAt=([0-9T:.Z-]+)/.exec(output)?.[1];
      if (url && beforeCorrections && output.includes('Ctrl-C')) {
        clearTimeout(timer);
        resolve({ url, beforeCorrections, stop });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo stopped (exit ${code}) before it was ready:\n${output}`));
    });
  });
}
