import {
  copyFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { startChildServer, type ChildServer, type StartOptions } from '../support/child-server';
import { freeLoopbackPort } from '../support/free-port';
import { capture, type Captured } from '../support/query-load';
import { withTempDir } from '../support/temp-dir';

export const ROOT = resolve(__dirname, '..', '..');

/** The node flags of `npm start` (package.json): the service is measured as it is run. */
export const START_FLAGS: string[] = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--'));
/** Where the dist/ that children run lives: the repository, or a snapshot of it (withBuildSnapshot). */
let buildRoot = ROOT;
const builtMain = (): string => join(buildRoot, 'dist/apps/api/src/main.js');
/** The built CLI (dist/apps/cli/src/main.js) that children run. */
export const builtCli = (): string => join(buildRoot, 'dist/apps/cli/src/main.js');
export const TOKEN = 'bench-recorder-token-0123456789';
/** An admin token, for POST /v1/audit/replay. */
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
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
    super(`${builtMain()} is missing: run \`npm run build\` first (this bench runs the built service).`);
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
  if (!existsSync(builtMain())) throw new DistMissingError();
  const built = statSync(builtMain()).mtimeMs;
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

export interface ServiceFiles {
  sqlitePath: string;
  readModelPath: string;
}

/**
 * How to start the built service on 127.0.0.1:port over the given files (SQLite, synchronous=FULL, a
 * recorder and an admin token); `preload` is a `node -r` hook, run with an IPC channel.
 */
export function serviceOptions(
  port: number,
  files: ServiceFiles,
  preload?: { hook: string; env: Record<string, string> },
  nodeArgs: string[] = START_FLAGS,
  overrides: Record<string, string> = {},
): StartOptions {
  return {
    name: 'the built service',
    port,
    cwd: ROOT,
    args: [...nodeArgs, ...(preload ? ['-r', preload.hook] : []), builtMain()],
    ipc: preload !== undefined,
    env: minimalEnv({
      ...preload?.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: files.sqlitePath,
      READ_MODEL_PATH: files.readModelPath,
      API_TOKENS: `bench:recorder:${TOKEN},bench-admin:admin:${ADMIN_TOKEN}`,
      // The load comes from one client: the per-client rate limit would measure itself.
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      ...overrides,
    }),
  };
}

/** When the dist/ the children run was built (its main.js), ISO 8601. */
export function builtAt(): string {
  return statSync(builtMain()).mtime.toISOString();
}

/**
 * Runs `work` with the children on a copy of dist/ taken now (in a temp dir, beside a copy of
 * package.json and a link to node_modules), so that an \`npm run build\` by someone else during a run
 * of several minutes cannot mix two builds in one set of figures. The copy is removed afterwards.
 */
export async function withBuildSnapshot<T>(work: () => Promise<T>): Promise<T> {
  if (!existsSync(builtMain())) throw new DistMissingError();
  return withTempDir('bench-build', async (dir) => {
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const previous = buildRoot;
    buildRoot = dir;
    try {
      return await work();
    } finally {
      buildRoot = previous;
    }
  });
}

/** The environment of a child process of the bench: PATH and HOME, and what it is given. */
export { minimalEnv };

/**
 * A reference server of the bench (a script of bench/servers) as a child process, run with the same
 * TypeScript hook as this process (e.g. -r @swc-node/register).
 */
function startScript(
  name: string,
  script: string,
  port: number,
  env: Record<string, string>,
): Promise<ChildServer> {
  return startChildServer({
    name,
    port,
    cwd: ROOT,
    args: [...process.execArgv, join(__dirname, script)],
    env: minimalEnv({ PORT: String(port), ...env }),
  });
}

/** The service under test and its two references, each run as a child process. */
export const SERVERS: ServerSpec[] = [
  {
    key: 'ours',
    label: 'diplomatic-timeline (dist/, SQLite FULL)',
    start: (port, dir, preload) =>
      startChildServer(
        serviceOptions(
          port,
          { sqlitePath: join(dir, 'timeline.db'), readModelPath: join(dir, 'read-models.db') },
          preload,
        ),
      ),
  },
  {
    key: 'rawSqlite',
    label: '(a) node:http + raw better-sqlite3 (FULL)',
    start: (port, dir) =>
      startScript('the raw SQLite server', 'raw-sqlite-server.ts', port, {
        SQLITE_PATH: join(dir, 'raw.db'),
      }),
  },
  {
    key: 'fixedJson',
    label: '(b) node:http, fixed JSON (ceiling)',
    start: (port) => startScript('the fixed-JSON server', 'fixed-json-server.ts', port, {}),
  },
];

/**
 * The reference of the read benches: raw node:http answering, round-robin, JSON bodies captured from
 * the service (`responsesPath`: a JSON array of { status, contentType, etag, body }).
 */
/**
 * The reference of a query load: `count` answers of the service captured on `paths`, kept in `file` and
 * served round-robin by node:http. Returns the server and the answers.
 */
export async function captureReference(
  ours: ChildServer,
  paths: () => string,
  file: string,
  count = 64,
): Promise<{ server: ChildServer; captured: Captured[] }> {
  const captured = await capture(ours.url, paths, count);
  writeFileSync(file, JSON.stringify(captured));
  return { server: await startCapturedJsonServer(await freeLoopbackPort(), file), captured };
}

export function startCapturedJsonServer(port: number, responsesPath: string): Promise<ChildServer> {
  return startScript('the captured-JSON server', 'captured-json-server.ts', port, {
    RESPONSES_PATH: responsesPath,
  });
}

/**
 * A floor of the state query: raw node:http answering it with the service's read-model code and none
 * of its HTTP shell (bench/servers/read-model-server.ts), on read models the service has projected.
 */
export function startReadModelServer(port: number, readModelPath: string): Promise<ChildServer> {
  return startScript('the read-model server', 'read-model-server.ts', port, {
    READ_MODEL_PATH: readModelPath,
  });
}
