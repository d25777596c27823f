import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';

/** A server under test, run as a child process listening on 127.0.0.1. */
export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** CPU seconds (user + system) the child has used so far; undefined where /proc is missing. */
  cpuSeconds(): number | undefined;
  /** Sends a message over the IPC channel (started with `ipc: true`). */
  send(message: string): void;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

/** Whatever happens to the parent, no child outlives it. */
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      live.forEach((child) => child.kill('SIGKILL'));
      process.exit(130);
    });
  }
}

function procCpuSeconds(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: fields after the ")" of the command name; utime and stime are the 14th and 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ, 100 on Linux everywhere in practice
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${url}/health`, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

export interface StartOptions {
  name: string;
  port: number;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Opens an IPC channel to the child (for a preloaded hook to listen on). */
  ipc?: boolean;
  startTimeoutMs?: number;
}

/** Starts `node <args>` and resolves once GET /health answers 200; kills it if that never happens. */
export async function startChildServer(options: StartOptions): Promise<ChildServer> {
  installHooks();
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(
    () => live.delete(child),
    () => undefined,
  );

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited before it was healthy:\n${output.join('').slice(-2000)}`);
    }
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.name} did not answer ${url}/health in time:\n${output.join('').slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name: options.name,
    url,
    pid: child.pid!,
    cpuSeconds: () => procCpuSeconds(child.pid!),
    send: (message) => void child.send(message),
    stop,
  };
}
