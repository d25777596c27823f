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
  /** Resident memory now and at its peak, from /proc/<pid>/status; undefined where /proc is missing. */
  memory(): ProcessMemory | undefined;
  /** performance.now() when the process was spawned, and when /health first answered 200. */
  spawnedAt: number;
  healthyAt: number;
  /** SIGTERM (or `signal`), then SIGKILL after 3 s (a process whose event loop is busy may not get to its handler). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ProcessMemory {
  rssBytes: number;
  /** VmHWM: the largest resident set the process has had. */
  peakRssBytes: number;
}

/** A child process spawned, not yet known to answer. */
export interface SpawnedChild {
  pid: number;
  url: string;
  spawnedAt: number;
  exited(): boolean;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  output(): string;
  send(message: string): void;
  memory(): ProcessMemory | undefined;
  stop(signal?: NodeJS.Signals): Promise<void>;
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

export function processMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const memory = { rssBytes: kib('VmRSS') * 1024, peakRssBytes: kib('VmHWM') * 1024 };
    return Number.isFinite(memory.rssBytes) ? memory : undefined;
  } catch {
    return undefined;
  }
}

/** GET <url>/health: the status and body, or undefined when nothing answered within `timeoutMs`. */
export function getHealth(
  url: string,
  timeoutMs = 1000,
): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = get(`${url}/health`, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

async function healthy(url: string): Promise<boolean> {
  return (await getHealth(url))?.status === 200;
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
  /** How often /health is polled while starting (default 100 ms). */
  pollMs?: number;
}

/** Spawns `node <args>`; the caller decides when it is ready. Killed with the parent whatever happens. */
export function spawnChild(options: StartOptions): SpawnedChild {
  installHooks();
  const spawnedAt = performance.now();
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
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${options.port}`,
    spawnedAt,
    exited: hasExited,
    output: () => output.join(''),
    send: (message) => void child.send(message),
    memory: () => processMemory(child.pid!),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (hasExited()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once GET /health answers 200; stops the child and throws if it exits or the time runs out. */
export async function waitHealthy(
  child: SpawnedChild,
  name: string,
  options: StartOptions,
): Promise<ChildServer> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exited()) {
      throw new Error(`${name} exited before it was healthy:\n${child.output().slice(-2000)}`);
    }
    if (await healthy(child.url)) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${name} did not answer ${child.url}/health in time:\n${child.output().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
  return {
    name,
    url: child.url,
    pid: child.pid,
    cpuSeconds: () => procCpuSeconds(child.pid),
    send: child.send,
    memory: child.memory,
    spawnedAt: child.spawnedAt,
    healthyAt: performance.now(),
    stop: child.stop,
  };
}

/** Starts `node <args>` and resolves once GET /health answers 200; kills it if that never happens. */
export async function startChildServer(options: StartOptions): Promise<ChildServer> {
  const child = spawnChild(options);
  try {
    return await waitHealthy(child, options.name, options);
  } catch (error) {
    await child.stop();
    throw error;
  }
}
