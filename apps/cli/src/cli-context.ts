import { SqliteEventStore } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { loadConfig } from '../../api/src/config';

/** What a command may use: the same configuration (DESIGN §7) and libraries as the API, no HTTP. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only there). */
  interactive: boolean;
}

export function openStore(context: CliContext): EventStore {
  const config = loadConfig(context.env);
  return SqliteEventStore.open({ path: config.sqlitePath });
}

export function readModelPath(context: CliContext): string {
  return loadConfig(context.env).readModelPath;
}

/** A usage mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}
