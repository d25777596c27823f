import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../api/src/app.factory';
import { loadConfig } from '../../api/src/config';
import { runCli } from '../../cli/src/main';
import { projectRoot } from '../../cli/src/project-root';
import { LoadedAzerbaijanChina, loadAzerbaijanChina } from './load-azerbaijan-china';

/** The recorder token the demo configures: printed on screen, for this local demo only. */
export const DEMO_TOKEN = 'demo-recorder-token-change-me';

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
  token: string;
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

/** `npm run cli -- import-us-missions datasets/us-missions/transitions.csv`, into the demo's store. */
async function importUsMissions(env: NodeJS.ProcessEnv): Promise<RunningDemo['usMissions']> {
  let out = '';
  let err = '';
  const transitions = join(projectRoot(), 'datasets', 'us-missions', 'transitions.csv');
  const code = await runCli(['import-us-missions', transitions], {
    env,
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive: false,
  });
  if (code !== 0) throw new Error(`the US missions import failed (exit ${code}):\n${err}${out}`);
  // "590 lines: 570 accepted, 0 already present, 0 refused" — then the skipped rows.
  const summary = out.split('\n')[0];
  return { recorded: Number(/(\d+) accepted/.exec(summary)?.[1] ?? 0), summary };
}

/**
 * Starts the service on a fresh embedded store in `dir` with a demo recorder token, after importing the
 * US missions data set with the CLI's importer, then records the Azerbaijan–China example through the
 * HTTP API (facts, then corrections, then later facts).
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  freshStoreDir(options.dir);
  const env = {
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(options.dir, 'timeline.db'),
    READ_MODEL_PATH: join(options.dir, 'read-models.db'),
    API_TOKENS: `demo:recorder:${DEMO_TOKEN}`,
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
  const azerbaijanChina = await loadAzerbaijanChina(url, DEMO_TOKEN);
  // Read-your-writes: wait until the read models include the last write before saying "ready".
  const ready = await fetch(`${url}/v1/relationships/AZ/CN?minPosition=${azerbaijanChina.lastPosition}`);
  if (ready.status !== 200) throw new Error(`the read models did not catch up: ${await ready.text()}`);

  return { url, token: DEMO_TOKEN, azerbaijanChina, usMissions, close: () => app.close() };
}
