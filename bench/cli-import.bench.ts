import { createReadStream, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { parseImportLine } from '@app/timeline';
import { checkBuild, DistMissingError, withBuildSnapshot } from './servers/servers-under-test';
import { isQuick } from './support/cli-args';
import { runCli } from './support/run-cli';
import { hotFunctions, summariseProfile, type CpuProfile } from './support/cpu-profile';
import { checkAgainstParser, writeImportFile, type LargeStorePlan } from './support/large-store';
import { openRawEventTable, type RawInsertParams } from './support/raw-event-table';
import { rawExport, type ScanFigures } from './support/raw-scan';
import { formatCount, formatRatio, median } from './support/stats';
import { renderText, type Table } from './support/table';
import { withTempDir } from './support/temp-dir';
import type { Profile } from './read-path-results';

const SEED = 20_261_129;
function countRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events').get()!.n;
  } finally {
    db.close();
  }
}

const FAKE_HASH = '0'.repeat(64);

/**
 * The reference of `import`: the same NDJSON read line by line, each line JSON.parse'd and turned into
 * the row the service would store (stream from the actors, the next revision of it, payload and
 * metadata as JSON), inserted with raw better-sqlite3 in batches of 1 000 rows per transaction, WAL,
 * synchronous=FULL (the CLI's store runs FULL too). No validation, no decision, no hash chain.
 */
async function rawImport(file: string, dbPath: string): Promise<ScanFigures> {
  const started = performance.now();
  const { db, insert } = openRawEventTable(dbPath, 'FULL');
  const revisions = new Map<string, number>();
  let rows: RawInsertParams[] = [];
  const commit = db.transaction((batch: RawInsertParams[]) => batch.forEach((row) => insert.run(...row)));
  let lines = 0;
  try {
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (text === '') continue;
      const { eventId, type, ...payload } = JSON.parse(text) as {
        eventId: string;
        type: string;
        actors: string[];
      };
      const stream = `relationship-${[...payload.actors].sort().join('-')}`;
      const revision = (revisions.get(stream) ?? -1) + 1;
      revisions.set(stream, revision);
      const recordedAt = new Date().toISOString();
      const metadata = {
        recordedAt,
        recordedBy: 'cli:bench',
        schemaVersion: 1,
        prevHash: FAKE_HASH,
        hash: FAKE_HASH,
      };
      rows.push([
        stream,
        revision,
        eventId,
        type,
        JSON.stringify(payload),
        JSON.stringify(metadata),
        recordedAt,
      ]);
      lines++;
      if (rows.length === 1000) {
        commit(rows);
        rows = [];
      }
    }
    commit(rows);
  } finally {
    db.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: lines, seconds, eventsPerSec: lines / seconds };
}

/**
 * The floor of `import` set by validation alone: each line of the same file (read into memory first)
 * through the importer's parser — JSON.parse and the catalogue's schema, the one definition of each fact
 * — in this process, on one thread; nothing decided, hashed or stored.
 */
function validationOnly(file: string): ScanFigures {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const started = performance.now();
  for (const line of lines) parseImportLine(line);
  const seconds = (performance.now() - started) / 1000;
  return { events: lines.length, seconds, eventsPerSec: lines.length / seconds };
}

export interface CliImportResults {
  bench: 'cli-import';
  quick: boolean;
  plan: LargeStorePlan;
  fileBytes: number;
  /** `node dist/apps/cli/src/main.js help`: what any command pays before its work (median of 3). */
  cliStartSeconds: number;
  import: { lines: number; seconds: number; linesPerSec: number; summary: string };
  rawImports: ScanFigures[];
  rawImportPerSec: number;
  importRatio: number;
  /** The same lines validated only, twice (before and after ours); its median ÷ the reference. */
  validationOnly: ScanFigures[];
  validationRatio: number;
  export: { events: number; seconds: number; eventsPerSec: number; bytes: number };
  rawExport: ScanFigures;
  exportRatio: number;
  profile: Profile & { lines: number };
  buildWarning?: string;
}

function configFor(quick: boolean): { plan: LargeStorePlan; profileLines: number } {
  return quick
    ? { plan: { events: 5000, relationships: 500, heavyEvents: 0, seed: SEED }, profileLines: 5000 }
    : { plan: { events: 100_000, relationships: 10_000, heavyEvents: 0, seed: SEED }, profileLines: 20_000 };
}

export async function runCliImportBench(quick: boolean, log = console.error): Promise<CliImportResults> {
  const buildWarning = checkBuild();
  const { plan, profileLines } = configFor(quick);
  log(
    `cli-import: ${formatCount(plan.events)} lines over ${formatCount(plan.relationships)} relationships` +
      `${quick ? ' (quick)' : ''}`,
  );
  checkAgainstParser(plan, 600);
  return withTempDir('bench-cli', async (dir) => {
    const file = join(dir, 'events.ndjson');
    const fileBytes = await writeImportFile(file, plan);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) starts.push((await runCli(['help'], join(dir, 'unused.db'))).seconds);

    log('  raw import (reference), validation alone, import (ours), raw import and validation again');
    const rawImports = [await rawImport(file, join(dir, 'raw-1.db'))];
    const validated = [validationOnly(file)];
    const store = join(dir, 'imported.db');
    const imported = await runCli(['import', file], store);
    if (imported.code !== 0) {
      throw new Error(
        `import exited with ${imported.code}:\n${imported.stdout.slice(-2000)}${imported.stderr.slice(-2000)}`,
      );
    }
    const rows = countRows(store);
    if (rows !== plan.events) throw new Error(`import stored ${rows} events, not ${plan.events}`);
    rawImports.push(await rawImport(file, join(dir, 'raw-2.db')));
    validated.push(validationOnly(file));

    log('  export (ours), raw export (reference)');
    const exportFile = join(dir, 'export.ndjson');
    const exported = await runCli(['export', '--out', exportFile], store);
    if (exported.code !== 0)
      throw new Error(`export exited with ${exported.code}:\n${exported.stderr.slice(-2000)}`);
    const raw = await rawExport(store, join(dir, 'raw-export.ndjson'));

    log(`  import once more under --cpu-prof (${formatCount(profileLines)} lines)`);
    const profileFile = join(dir, 'profile.ndjson');
    const head = readFileSync(file, 'utf8').split('\n').slice(0, profileLines).join('\n');
    writeFileSync(profileFile, `${head}\n`);
    const profileDir = join(dir, 'import-profile');
    const profiled = await runCli(['import', profileFile], join(dir, 'profiled.db'), [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
    ]);
    if (profiled.code !== 0) throw new Error(`the profiled import exited with ${profiled.code}`);
    const profileName = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!profileName) throw new Error('the profiled import wrote no profile');
    const profile = JSON.parse(readFileSync(join(profileDir, profileName), 'utf8')) as CpuProfile;

    const rawImportPerSec = median(rawImports.map((r) => r.eventsPerSec));
    const linesPerSec = plan.events / imported.seconds;
    const exportPerSec = plan.events / exported.seconds;
    return {
      bench: 'cli-import',
      quick,
      plan,
      fileBytes,
      cliStartSeconds: median(starts),
      import: {
        lines: plan.events,
        seconds: imported.seconds,
        linesPerSec,
        summary: imported.stdout.split('\n')[0] ?? '',
      },
      rawImports,
      rawImportPerSec,
      importRatio: linesPerSec / rawImportPerSec,
      validationOnly: validated,
      validationRatio: median(validated.map((v) => v.eventsPerSec)) / rawImportPerSec,
      export: {
        events: plan.events,
        seconds: exported.seconds,
        eventsPerSec: exportPerSec,
        bytes: statSync(exportFile).size,
      },
      rawExport: raw,
      exportRatio: exportPerSec / raw.eventsPerSec,
      profile: {
        seconds: profiled.seconds,
        lines: profileLines,
        shares: summariseProfile(profile),
        hot: hotFunctions(profile, 10),
      },
      buildWarning,
    };
  });
}

export function cliImportTable(r: CliImportResults): Table {
  return {
    title: `CLI: import and export of ${formatCount(r.plan.events)} events (dist/apps/cli) vs raw better-sqlite3 (same run)`,
    head: ['command', 'ours /s', 'reference /s', 'ours ÷ ref', 'ours wall'],
    rows: [
      [
        'import <file.ndjson> (API form), lines/s',
        formatCount(r.import.linesPerSec),
        formatCount(r.rawImportPerSec),
        formatRatio(r.importRatio),
        `${r.import.seconds.toFixed(1)} s`,
      ],
      [
        "floor: the importer's validation alone (in process, one thread), lines/s",
        formatCount(median(r.validationOnly.map((v) => v.eventsPerSec))),
        formatCount(r.rawImportPerSec),
        formatRatio(r.validationRatio),
        '',
      ],
      [
        'export --out <file>, events/s',
        formatCount(r.export.eventsPerSec),
        formatCount(r.rawExport.eventsPerSec),
        formatRatio(r.exportRatio),
        `${r.export.seconds.toFixed(1)} s`,
      ],
    ],
  };
}

if (require.main === module) {
  withBuildSnapshot(() => runCliImportBench(isQuick()))
    .then((results) => {
      console.log(renderText(cliImportTable(results)));
      console.log(JSON.stringify(results.profile, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error instanceof DistMissingError ? error.message : error);
      process.exitCode = 1;
    });
}
