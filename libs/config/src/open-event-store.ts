import { dirname, join, resolve } from 'node:path';
import { EventStoreDbEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import type { Config } from './config';

/** Where an adapter says what happens to its connection (EventStoreDB: drops, catch-up). */
export type StoreLog = (level: 'log' | 'warn', message: string) => void;

/**
 * This replica's eventId index on EventStoreDB: a file beside its read models (see docs/operations.md),
 * in memory when they are.
 */
export function eventIdIndexPath(config: Config): string {
  return config.readModelPath === ':memory:'
    ? ':memory:'
    : join(dirname(config.readModelPath), 'eventstoredb-event-ids.db');
}

/** The store EVENT_STORE names: the one way the API, the CLI and the demo open it. */
export function openEventStore(config: Config, log?: StoreLog): EventStore {
  if (config.eventStore === 'sqlite') return SqliteEventStore.open({ path: config.sqlitePath });
  return EventStoreDbEventStore.open({
    connectionString: config.eventstoreConnectionString!,
    eventIdIndexPath: eventIdIndexPath(config),
    log,
  });
}

/**
 * Which store the configuration names, for a person to read: "sqlite /abs/timeline.db" or
 * "eventstoredb esdb://host:2113" — the connection string without its user and password.
 */
export function describeStore(config: Config): string {
  if (config.eventStore === 'sqlite') return `sqlite ${resolve(config.sqlitePath)}`;
  const withoutCredentials = config.eventstoreConnectionString!.replace(
    /^(esdb(?:\+discover)?:\/\/)[^@/]*@/,
    '$1',
  );
  return `eventstoredb ${withoutCredentials}`;
}
