import { StoreUnavailableError } from '../store-unavailable.error';

/**
 * SQLite result codes that say "the database cannot serve this now" rather than "this request or
 * this code is wrong": lock timeouts, I/O failures, a full disk, a read-only or vanished file.
 * Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_FSYNC, …) share these prefixes.
 */
const UNAVAILABLE_CODES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
];

/** Runs `work`, turning an unavailable-database SQLite error into StoreUnavailableError (cause kept). */
export function translatingSqliteErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = sqliteCode(error);
    if (
      code !== undefined &&
      UNAVAILABLE_CODES.some((family) => code === family || code.startsWith(`${family}_`))
    ) {
      const { message } = error as { message?: unknown };
      throw new StoreUnavailableError(`the event store is unavailable: ${String(message)} (${code})`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The code of a better-sqlite3 SqliteError. Recognised by its shape rather than `instanceof`: the
 * native addon keeps the error class of whichever copy of the module first opened a database, so a
 * second module registry (jest gives each test file one, each with its own `Error`) receives errors
 * of a class — and a realm — it never loaded.
 */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
