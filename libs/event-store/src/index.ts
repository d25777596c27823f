export * from './event-store.port';
export * from './hash-chain';
export { StoreUnavailableError } from './store-unavailable.error';
export {
  SqliteEventStore,
  DEFAULT_READ_ALL_LIMIT,
  type SqliteEventStoreOptions,
  type SqliteSettings,
} from './sqlite/sqlite-event-store';
export * from './chain-verification';
export { CorruptEventError } from './corrupt-event.error';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store';
export {
  payloadTexts,
  stampBatch,
  type ChainHead,
  type KnownPayload,
  type PayloadTexts,
  type Stamp,
} from './stamp-batch';
export { sameContent, type EventContent } from './same-content';
