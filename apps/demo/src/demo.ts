import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { isAbsolute, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ConsoleLogger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, projectRoot, ROLES, type Role } from '@app/config';
import { DEMO_TOKENS } from './demo-tokens';
// The one import between apps that the lint rule allows (eslint.config.mjs): the demo is the API, in
// process so that it knows the port it listens on, with data.
import { createApp } from '../../api/src/app.factory';
import { LoadedAzerbaijanChina, loadAzerbaijanChina } from './load-azerbaijan-china';

export interface DemoOptions {
  /** The folder of the demo's stores; its database files are deleted first. */
  dir: string;
  /** As PORT is given (validated like the API's own configuration); 0 picks a free port. */
  port: string;
  host: string;
  /** LOG_LEVEL of the service (default warn). */
  logLevel?: string;
  /** Progress messages. */
  log: (line: string) => void;
}

export interface RunningDemo {
  url: string;
  tokens: Record<Role, string>;
  /** The command line that reads the demo's store with the CLI (while the demo runs, or after). */
  cliLine: string;
  azerbaijanChina: LoadedAzerbaijanChina;
  usMissions: { recorded: number; summary: string };
  close(): Promise<void>;
}

export function defaultDemoDir(): string {
  return join(projectRoot(), 'data', 'demo');
}

/** A fresh store every run: only the store files are deleted, whatever folder DEMO_DIR names. */
function freshStoreDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (/\.db(-wal|-shm|-journal)?$/.test(name)) rmSync(join(dir, name), { force: true });
  }
}

/**
 * `npm run cli -- import-us-missions datasets/us-missions/transitions.csv` into the demo's store: the built
 * CLI itself, in a process of its own, as a person would run it.
 */
async function importUsMissions(env: NodeJS.ProcessEnv): Promise<RunningDemo['usMissions']> {
  const root = projectRoot();
  const transitions = join(root, 'datasets', 'us-missions', 'transitions.csv');
  let out: string;
  try {
    ({ stdout: out } = await promisify(execFile)(
      process.execPath,
      [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'import-us-missions', transitions],
      { cwd: root, env: { ...process.env, ...env } },
    ));
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(
      `the US missions import failed (exit ${failed.code}):\n${failed.stderr}${failed.stdout}`,
      {
        cause: error,
      },
    );
  }
  // "590 lines: 570 accepted, 0 already present, 0 refused" — then the skipped rows.
  const summary = out.split('\n')[0];
  return { recorded: Number(/(\d+) accepted/.exec(summary)?.[1] ?? 0), summary };
}

/** A path as a person would type it from the project's folder: relative when it lies inside. */
function typed(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/**
 * Starts the service on a fresh embedded store in `dir` with a demo token per role, after importing the
 * US missions data set with the CLI's importer, then records the Azerbaijan–China example through the
 * HTTP API (facts, then corrections, then later facts).
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  freshStoreDir(options.dir);
  const env = {
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(options.dir, 'timeline.db'),
    READ_MODEL_PATH: join(options.dir, 'read-models.db'),
    API_TOKENS: ROLES.map((role) => `demo-${role}:${role}:${DEMO_TOKENS[role]}`).join(','),
    PORT: options.port,
    HOST: options.host,
    // The screen is for the banner: warnings and errors only, unless LOG_LEVEL says otherwise.
    LOG_LEVEL: options.logLevel ?? 'warn',
  };
  const config = loadConfig(env);

  options.log('Importing the US missions data set (npm run cli -- import-us-missions) …');
  const usMissions = await importUsMissions(env);

  options.log(`Starting the service on ${config.host}:${config.port} …`);
  const app: NestFastifyApplication = await createApp(config, {
    logger: new ConsoleLogger('diplomatic-timeline', { logLevels: ['error', 'warn'] }),
  });
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.port} is in use: stop what listens there, or choose another, e.g. PORT=3001 npm run demo`,
        { cause: error },
      );
    }
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  options.log('Recording the Azerbaijan–China example through the API (facts, then corrections) …');
  const azerbaijanChina = await loadAzerbaijanChina(url, DEMO_TOKENS.recorder);
  // Read-your-writes: wait until the read models include the last write before saying "ready".
  const ready = await fetch(`${url}/v1/relationships/AZ/CN?minPosition=${azerbaijanChina.lastPosition}`);
  if (ready.status !== 200) throw new Error(`the read models did not catch up: ${await ready.text()}`);

  const cliLine = `SQLITE_PATH=${typed(env.SQLITE_PATH)} npm run cli -- state AZ CN --at 2024-07-04`;
  return { url, tokens: DEMO_TOKENS, cliLine, azerbaijanChina, usMissions, close: () => app.close() };
}
