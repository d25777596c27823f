import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { positionKey, positionOfKey } from './positions';
import {
  createReadModelTables,
  DIGESTED_TABLES,
  READ_MODEL_VERSION,
  SEARCH_INDEXES,
} from './read-model-schema';
import { prepareStatements, ReadModelStatements } from './read-model-statements';

/** How far a build from position 0 got: the log up to `through`, the streams up to `lastStream`. */
export interface BuildProgress {
  through: string;
  lastStream: string;
}

const DIGEST_PAGE = 2000;

/**
 * Hashes the rows of a digest page, each value after the first `skip` (the key columns, selected twice)
 * prefixed with its kind and length: unambiguous, and without escaping the JSON the rows hold. Bytes (a
 * blob) go to the hash as they are, text in between as one string.
 */
function hashRows(hash: Hash, rows: unknown[][], skip: number): void {
  let text = '';
  for (const row of rows) {
    for (let i = skip; i < row.length; i++) {
      const value = row[i];
      if (value === null) text += 'n;';
      else if (value instanceof Uint8Array) {
        hash.update(`${text}b${value.length}:`);
        hash.update(value);
        text = '';
      } else {
        const chars = String(value);
        text += `${typeof value === 'string' ? 's' : 'i'}${chars.length}:${chars}`;
      }
    }
    text += '\n';
  }
  hash.update(text);
}

/** Refuses read models of another version (their tables may not fit this version's statements). */
function refuseOtherVersion(db: Database.Database): void {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get();
  const stored = hasMeta
    ? (db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get() as string | undefined)
    : undefined;
  if (stored !== undefined && Number(stored) !== READ_MODEL_VERSION) {
    throw new Error(
      `the read models are of version ${stored}, this build needs ${READ_MODEL_VERSION}: delete the read-model file to rebuild it from the log`,
    );
  }
}

function openDatabase(path: string): Database.Database {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  // The read models can always be rebuilt from the log, so a lost last transaction costs a re-read only:
  // NORMAL is durable enough, and the checkpoint commits with the rows it covers either way.
  db.pragma('synchronous = NORMAL');
  // 32 MB of page cache: beyond that, the operating system's file cache serves.
  db.pragma('cache_size = -32768');
  return db;
}

/**
 * The read-model file (READ_MODEL_PATH): its connection and statements, the version check, the checkpoint,
 * the digest, and the shadow file of a replay with the swap to it. What goes into the tables is the
 * projection writer's; what comes out, the state reader's.
 */
export class ReadModelFile {
  private db!: Database.Database;
  /** Prepared on the current connection: read them at each use, a swap replaces them. */
  statements!: ReadModelStatements;

  private constructor(private readonly path: string) {
    const db = openDatabase(path);
    try {
      refuseOtherVersion(db); // before any table or statement of this version meets the file's
    } catch (error) {
      db.close();
      throw error;
    }
    this.connect(db);
  }

  /** Statements whose text depends on a query's filters (the search), prepared once per text. */
  private readonly cached = new Map<string, Database.Statement>();

  /** Whether the search's indexes are there: not while a build from position 0 is under way. */
  private indexed = false;

  private connect(db: Database.Database): void {
    createReadModelTables(db);
    this.db = db;
    this.statements = prepareStatements(db);
    this.cached.clear();
    if (this.buildProgress() === undefined) this.createSearchIndexes();
    else this.indexed = SEARCH_INDEXES.every(([name]) => this.hasIndex(name));
  }

  private hasIndex(name: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name) !== undefined
    );
  }

  /** Whether the search's indexes are there (read-model-schema.ts, SEARCH_INDEXES). */
  searchIndexed(): boolean {
    return this.indexed;
  }

  /** Drops the search's indexes: a build from position 0 writes without them (SEARCH_INDEXES). */
  dropSearchIndexes(): void {
    for (const [name] of SEARCH_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${name}`);
    this.indexed = false;
    this.cached.clear();
  }

  /** Creates the search's indexes (at the end of a build, or on a file that lacks them). */
  createSearchIndexes(): void {
    for (const [, sql] of SEARCH_INDEXES) this.db.exec(sql);
    this.indexed = true;
    this.cached.clear();
  }

  /** A statement of this connection for a query whose SQL is built from its parameters (the search's). */
  prepared(sql: string): Database.Statement {
    let statement = this.cached.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cached.set(sql, statement);
    }
    return statement;
  }

  /** Opens (creating when missing) the read models at a file path, or ':memory:'. */
  static open(path: string): ReadModelFile {
    const file = new ReadModelFile(path);
    file.checkVersion();
    return file;
  }

  private checkVersion(): void {
    this.statements.setMeta.run('version', String(READ_MODEL_VERSION));
  }

  /** Runs `work` in one transaction: all of it is committed, or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The position of the last event applied; undefined before the first. */
  checkpoint(): string | undefined {
    const key = this.statements.getMeta.get('checkpoint')?.value;
    return key === undefined ? undefined : positionOfKey(key);
  }

  setCheckpoint(position: string): void {
    this.statements.setMeta.run('checkpoint', positionKey(position));
  }

  /** Where a build from position 0 stands; undefined when none is under way. */
  buildProgress(): BuildProgress | undefined {
    const value = this.statements.getMeta.get('build')?.value;
    return value === undefined ? undefined : (JSON.parse(value) as BuildProgress);
  }

  setBuildProgress(progress: BuildProgress | undefined): void {
    if (progress === undefined) this.statements.deleteMeta.run('build');
    else this.statements.setMeta.run('build', JSON.stringify(progress));
  }

  /**
   * A digest of the whole content of the read models (every table but `meta`, rows in key order): the same
   * log projected from position 0 gives the same digest, bit for bit, however it was batched. Read in pages
   * by key, yielding between pages, so that requests go on while a large read model is hashed; the caller
   * keeps writers away meanwhile (the replay pauses the projector).
   */
  async digest(): Promise<string> {
    const hash = createHash('sha256');
    for (const [table, keys] of DIGESTED_TABLES) {
      hash.update(`\u0000${table}\u0000`);
      const keyList = keys.join(', ');
      const first = this.db
        .prepare(`SELECT ${keyList}, * FROM ${table} ORDER BY ${keyList} LIMIT ${DIGEST_PAGE}`)
        .raw()
        .safeIntegers();
      const next = this.db
        .prepare(
          `SELECT ${keyList}, * FROM ${table} WHERE (${keyList}) > (${keys.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ${DIGEST_PAGE}`,
        )
        .raw()
        .safeIntegers();
      let page = first.all() as unknown[][];
      while (page.length > 0) {
        hashRows(hash, page, keys.length);
        if (page.length < DIGEST_PAGE) break;
        await new Promise((r) => setImmediate(r));
        page = next.all(...page[page.length - 1].slice(0, keys.length)) as unknown[][];
      }
    }
    return hash.digest('hex');
  }

  /**
   * Takes over the content of a shadow read model (a replay) in one synchronous step, so that no request
   * sees a mix: for files, the shadow file replaces this one, which a restart then opens.
   */
  replaceWith(shadow: ReadModelFile): void {
    if (this.path === ':memory:' || shadow.path === ':memory:') {
      this.db.close();
      this.connect(shadow.db);
      return;
    }
    shadow.db.pragma('wal_checkpoint(TRUNCATE)');
    shadow.db.close();
    this.db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(this.path + suffix, { force: true });
    renameSync(shadow.path, this.path);
    for (const suffix of ['-wal', '-shm']) rmSync(shadow.path + suffix, { force: true });
    this.connect(openDatabase(this.path));
  }

  /** A fresh, empty read model beside this one (for a replay); an older one there is deleted first. */
  openShadow(): ReadModelFile {
    if (this.path === ':memory:') return ReadModelFile.open(':memory:');
    const shadowPath = `${this.path}.replay`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(shadowPath + suffix, { force: true });
    return ReadModelFile.open(shadowPath);
  }

  /**
   * What the read models hold, for /metrics: relationships, and events (a relationship's head revision
   * counts its events). One pass over `relationships`, a row per pair, never over the facts.
   */
  totals(): { relationships: number; events: number } {
    const row = this.db
      .prepare(
        'SELECT count(*) AS relationships, coalesce(sum(revision + 1), 0) AS events FROM relationships',
      )
      .get() as { relationships: number; events: number };
    return row;
  }

  /** The bytes of the file and its write-ahead log on disk; undefined for ':memory:'. */
  bytes(): number | undefined {
    if (this.path === ':memory:') return undefined;
    return ['', '-wal'].reduce(
      (sum, suffix) => sum + (statSync(this.path + suffix, { throwIfNoEntry: false })?.size ?? 0),
      0,
    );
  }

  close(): void {
    this.db.close();
  }
}
