import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startChildServer, type ChildServer } from '../support/child-server';

export const ROOT = resolve(__dirname, '..', '..');
const BUILT_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
export const TOKEN = 'bench-recorder-token-0123456789';
export type ServerKey = 'ours' | 'rawSqlite' | 'fixedJson';

export interface ServerSpec {
  key: ServerKey;
  label: string;
  /** Starts the server on 127.0.0.1:port with its files in dir; `preload` is a `node -r` hook, with IPC. */
  start(
    port: number,
    dir: string,
    preload?: { hook: string; env: Record<string, string> },
  ): Promise<ChildServer>;
}

export class DistMissingError extends Error {
  constructor() {
    super(`${BUILT_MAIN} is missing: run \`npm run build\` first (this bench runs the built service).`);
    this.name = 'DistMissingError';
  }
}

/** What tsconfig.build.json compiles: not specs nor contract suites. */
const isBuiltSource = (name: string): boolean =>
  name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.contract.ts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (isBuiltSource(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Throws DistMissingError without a build; returns a warning when sources changed after it. */
export function checkBuild(): string | undefined {
  if (!existsSync(BUILT_MAIN)) throw new DistMissingError();
  const built = statSync(BUILT_MAIN).mtimeMs;
  const sources = Math.max(newestMtime(join(ROOT, 'apps')), newestMtime(join(ROOT, 'libs')));
  return sources > built
    ? 'dist/ is older than some sources in apps/ or libs/: these figures are for the last build'
    : undefined;
}

const minimalEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ...extra,
});

/** The service under test and its two references (DESIGN §8), each run as a child process. */
export const SERVERS: ServerSpec[] = [
  {
    key: 'ours',
    label: 'diplomatic-timeline (dist/, SQLite FULL)',
    start: (port, dir, preload) =>
      startChildServer({
        name: 'the built service',
        port,
        cwd: ROOT,
        args: preload ? ['-r', preload.hook, BUILT_MAIN] : [BUILT_MAIN],
        ipc: preload !== undefined,
        env: minimalEnv({
          ...preload?.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          EVENT_STORE: 'sqlite',
          SQLITE_PATH: join(dir, 'timeline.db'),
          READ_MODEL_PATH: join(dir, 'read-models.db'),
          API_TOKENS: `bench:recorder:${TOKEN}`,
          // The load comes from one client: the per-client rate limit would measure itself.
          RATE_LIMIT_PER_MINUTE: '0',
          LOG_LEVEL: 'warn',
        }),
      }),
  },
  {
    key: 'rawSqlite',
    label: '(a) node:http + raw better-sqlite3 (FULL)',
    start: (port, dir) =>
      startChildServer({
        name: 'the raw SQLite server',
        port,
        cwd: ROOT,
        // The same TypeScript hook as this process (e.g. -r @swc-node/register).
        args: [...process.execArgv, join(__dirname, 'raw-sqlite-server.ts')],
        env: minimalEnv({ PORT: String(port), SQLITE_PATH: join(dir, 'raw.db') }),
      }),
  },
  {
    key: 'fixedJson',
    label: '(b) node:http, fixed JSON (ceiling)',
    start: (port) =>
      startChildServer({
        name: 'the fixed-JSON server',
        port,
        cwd: ROOT,
        args: [...process.execArgv, join(__dirname, 'fixed-json-server.ts')],
        env: minimalEnv({ PORT: String(port) }),
      }),
  },
];
