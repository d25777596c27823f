export { ConfigError, loadConfig, type ApiToken, type Config, type FeedSettings } from './config';
export { describeStore, eventIdIndexPath, openEventStore, type StoreLog } from './open-event-store';
export { projectRoot } from './project-root';
export { ROLES, type Role } from './roles';
