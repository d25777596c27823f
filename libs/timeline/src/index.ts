export * from './tokens';
export * from './timeline.module';
export * from './events/event-json';
export * from './events/record-event.command';
export * from './events/amend-event.command';
export * from './events/get-event.query';
export * from './events/stream-writer';
export * from './health/get-health.query';
