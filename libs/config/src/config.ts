import { ROLES, Role } from './roles';

export interface ApiToken {
  name: string;
  role: Role;
  token: string;
}

/**
 * The service's configuration (docs/architecture.md#configuration), read from the environment once, at start.
 */
export interface Config {
  port: number;
  host: string;
  eventStore: 'sqlite' | 'eventstoredb';
  sqlitePath: string;
  readModelPath: string;
  eventstoreConnectionString?: string;
  apiTokens: ApiToken[];
  readsRequireToken: boolean;
  bodyLimitBytes: number;
  /** Requests per minute per token (or per address without one); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** How long a client may take to send a whole request before it is cut off (slow clients). */
  requestTimeoutMs: number;
  /** Origins allowed to call the API from a browser page elsewhere; none (CORS off) by default. */
  corsOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** METRICS: GET /metrics and what feeds it; off, neither the route nor the per-request hook exist. */
  metrics: boolean;
  /** The live feed, GET /v1/events/stream (docs/operations.md#the-live-feed). */
  feed: FeedSettings;
}

export interface FeedSettings {
  /** FEED_HEARTBEAT_SECONDS: a comment line this often keeps an idle stream (and its proxies) open. */
  heartbeatSeconds: number;
  /** FEED_MAX_STREAMS: open streams in all; beyond, 503 with Retry-After. */
  maxStreams: number;
  /** FEED_MAX_STREAMS_PER_TOKEN: open streams per token (per address without one). */
  maxStreamsPerToken: number;
  /**
   * FEED_BUFFER_BYTES: what may wait in the service for one client; a client with more waiting, or that
   * has not taken what was sent within a heartbeat interval, is disconnected.
   */
  bufferBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(
  name: string,
  text: string | undefined,
  fallback: number | undefined,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}=${text}: must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function parseTokens(text: string | undefined, problems: string[]): ApiToken[] {
  if (!text) return [];
  const tokens: ApiToken[] = [];
  text.split(',').forEach((entry, i) => {
    const [name, role, token, ...rest] = entry.trim().split(':');
    // Never echo the token itself into an error message: it may be a real secret.
    if (rest.length > 0 || !name || !role || !token) {
      problems.push(`API_TOKENS entry ${i + 1} (named "${name ?? ''}"): must be name:role:token`);
    } else if (!(ROLES as readonly string[]).includes(role)) {
      problems.push(
        `API_TOKENS entry ${i + 1} (named "${name}"): role "${role}" must be one of ${ROLES.join(', ')}`,
      );
    } else if (token.length < 16) {
      problems.push(`API_TOKENS entry ${i + 1} (named "${name}"): the token must be at least 16 characters`);
    } else {
      tokens.push({ name, role: role as Role, token });
    }
  });
  return tokens;
}

/** Validates the environment; a bad value stops the start with a message naming each problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const eventStore = env.EVENT_STORE ?? 'sqlite';
  if (eventStore !== 'sqlite' && eventStore !== 'eventstoredb') {
    problems.push(`EVENT_STORE=${eventStore}: must be sqlite or eventstoredb`);
  }
  if (eventStore === 'eventstoredb' && !env.EVENTSTORE_CONNECTION_STRING) {
    problems.push(
      'EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)',
    );
  } else if (
    env.EVENTSTORE_CONNECTION_STRING &&
    !/^esdb(\+discover)?:\/\/[^\s]+$/.test(env.EVENTSTORE_CONNECTION_STRING)
  ) {
    // Never echo it: it may carry a password (esdb://user:password@host).
    problems.push(
      'EVENTSTORE_CONNECTION_STRING: must start with esdb:// or esdb+discover:// and hold no spaces',
    );
  }
  const readsRequireToken = env.READS_REQUIRE_TOKEN ?? 'false';
  if (readsRequireToken !== 'true' && readsRequireToken !== 'false') {
    problems.push(`READS_REQUIRE_TOKEN=${readsRequireToken}: must be true or false`);
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL=${logLevel}: must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const metrics = env.METRICS ?? 'on';
  if (metrics !== 'on' && metrics !== 'off') problems.push(`METRICS=${metrics}: must be on or off`);
  const config: Config = {
    port: integer('PORT', env.PORT, 3000, 0, 65535, problems)!,
    host: env.HOST || '127.0.0.1',
    eventStore: eventStore as Config['eventStore'],
    sqlitePath: env.SQLITE_PATH || './data/timeline.db',
    readModelPath: env.READ_MODEL_PATH || './data/read-models.db',
    eventstoreConnectionString: env.EVENTSTORE_CONNECTION_STRING,
    apiTokens: parseTokens(env.API_TOKENS, problems),
    readsRequireToken: readsRequireToken === 'true',
    bodyLimitBytes: integer(
      'BODY_LIMIT_BYTES',
      env.BODY_LIMIT_BYTES,
      65536,
      1024,
      16 * 1024 * 1024,
      problems,
    )!,
    rateLimitPerMinute: integer(
      'RATE_LIMIT_PER_MINUTE',
      env.RATE_LIMIT_PER_MINUTE,
      6000,
      0,
      10_000_000,
      problems,
    )!,
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 15_000, 500, 600_000, problems)!,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    logLevel: logLevel as Config['logLevel'],
    metrics: metrics !== 'off',
    feed: {
      // At most 120: an idle socket is closed after 300 s (connectionTimeout, app.factory.ts).
      heartbeatSeconds: integer('FEED_HEARTBEAT_SECONDS', env.FEED_HEARTBEAT_SECONDS, 15, 1, 120, problems)!,
      maxStreams: integer('FEED_MAX_STREAMS', env.FEED_MAX_STREAMS, 1000, 0, 100_000, problems)!,
      maxStreamsPerToken: integer(
        'FEED_MAX_STREAMS_PER_TOKEN',
        env.FEED_MAX_STREAMS_PER_TOKEN,
        10,
        0,
        100_000,
        problems,
      )!,
      bufferBytes: integer(
        'FEED_BUFFER_BYTES',
        env.FEED_BUFFER_BYTES,
        1024 * 1024,
        4096,
        256 * 1024 * 1024,
        problems,
      )!,
    },
  };
  const names = config.apiTokens.map((t) => t.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) problems.push(`API_TOKENS: the name "${dup}" is used twice`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
