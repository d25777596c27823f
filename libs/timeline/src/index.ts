export * from './tokens';
export * from './timeline.module';
export * from './events/event-json';
export * from './events/record-event.command';
export * from './events/amend-event.command';
export * from './events/get-event.query';
export * from './events/stream-writer';
export * from './health/get-health.query';
export * from './health/read-side-figures';
export * from './projections/projector';
export * from './projections/build-by-stream';
export * from './projections/catch-up';
export * from './queries/get-relationship-state.query';
export * from './queries/get-timeline.query';
export * from './queries/get-country-relationships.query';
export * from './queries/list-countries.query';
export * from './queries/read-your-writes';
export * from './read-models/read-model-file';
export * from './read-models/state-reader';
export * from './projections/projection-writer';
export * from './audit/get-audit-log.query';
export * from './audit/get-digest.query';
export * from './audit/get-history.query';
export * from './audit/replay-read-models.command';
export * from './audit/verify-log.query';
export * from './queries/query-params';
export * from './import/import-line';
export * from './import/ndjson-importer';
export * from './import/parse-lines';
export * from './import/worker-line-parser';
export * from './audit/read-log';
export * from './panel/record-panel';
export * from './panel/get-panel.query';
// The feed's filter, beside the search's (one definition of both is left to do: docs/decisions.md).
export {
  parseEventFilter as parseFeedFilter,
  eventMatches,
  PAIR_PATTERN,
  type EventFilter as FeedFilter,
  type EventFilterParams as FeedFilterParams,
} from './feed/event-filter';
export * from './feed/follow-log';
export * from './search/event-filter';
export * from './search/search-events.query';
