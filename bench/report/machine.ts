import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import Database from 'better-sqlite3';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  betterSqlite3: string;
  sqlite: string;
  autocannon: string;
  tempDir: string;
  commit: string;
}

function packageVersion(name: string): string {
  try {
    const path = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  const db = new Database(':memory:');
  const { version } = db.prepare<[], { version: string }>('SELECT sqlite_version() AS version').get()!;
  db.close();
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    betterSqlite3: packageVersion('better-sqlite3'),
    sqlite: version,
    autocannon: packageVersion('autocannon'),
    tempDir: tmpdir(),
    commit: gitCommit(),
  };
}

/** The 1-minute load average: anything well above 0 means other work shared the machine. */
export function loadAverage(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

/** The command as typed (`npm run bench -- --quick`) and what npm ran for it. */
export function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  const node = `node ${[...process.execArgv, 'bench/run.ts', args].filter(Boolean).join(' ')}`;
  const event = process.env.npm_lifecycle_event;
  return event ? `npm run ${event}${args ? ` -- ${args}` : ''}  (runs: ${node})` : node;
}
