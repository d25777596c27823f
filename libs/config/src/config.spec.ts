import { ConfigError, loadConfig } from './config';

describe('configuration from the environment (docs/architecture.md#configuration)', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      eventStore: 'sqlite',
      sqlitePath: './data/timeline.db',
      readModelPath: './data/read-models.db',
      eventstoreConnectionString: undefined,
      apiTokens: [],
      readsRequireToken: false,
      bodyLimitBytes: 65536,
      rateLimitPerMinute: 6000,
      requestTimeoutMs: 15000,
      corsOrigins: [],
      logLevel: 'info',
      metrics: true,
      feed: { heartbeatSeconds: 15, maxStreams: 1000, maxStreamsPerToken: 10, bufferBytes: 1048576 },
    });
  });

  test('API_TOKENS is parsed as name:role:token entries', () => {
    const config = loadConfig({ API_TOKENS: 'ana:recorder:aaaaaaaaaaaaaaaa, bo:admin:bbbbbbbbbbbbbbbb' });
    expect(config.apiTokens).toEqual([
      { name: 'ana', role: 'recorder', token: 'aaaaaaaaaaaaaaaa' },
      { name: 'bo', role: 'admin', token: 'bbbbbbbbbbbbbbbb' },
    ]);
  });

  test('every bad value is named in one error, and no token is echoed', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        EVENT_STORE: 'postgres',
        READS_REQUIRE_TOKEN: 'yes',
        BODY_LIMIT_BYTES: '10',
        LOG_LEVEL: 'loud',
        METRICS: 'maybe',
        API_TOKENS: 'ana:emperor:secret-secret-secret,bo:reader:short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'EVENT_STORE',
      'READS_REQUIRE_TOKEN',
      'BODY_LIMIT_BYTES',
      'LOG_LEVEL',
      'METRICS',
      'emperor',
      'at least 16',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('secret-secret-secret');
    expect(problems).not.toContain('short');
  });

  test('METRICS=off turns the metrics off', () => {
    expect(loadConfig({ METRICS: 'off' }).metrics).toBe(false);
  });

  test('the live feed limits are read from FEED_*, and a bad one is named', () => {
    const feed = loadConfig({
      FEED_HEARTBEAT_SECONDS: '2',
      FEED_MAX_STREAMS: '300',
      FEED_MAX_STREAMS_PER_TOKEN: '0',
      FEED_BUFFER_BYTES: '65536',
    }).feed;
    expect(feed).toEqual({ heartbeatSeconds: 2, maxStreams: 300, maxStreamsPerToken: 0, bufferBytes: 65536 });
    expect(() => loadConfig({ FEED_HEARTBEAT_SECONDS: '0' })).toThrow(/FEED_HEARTBEAT_SECONDS=0/);
    expect(() => loadConfig({ FEED_BUFFER_BYTES: '100' })).toThrow(/FEED_BUFFER_BYTES=100/);
  });

  test('two tokens with one name are refused', () => {
    expect(() =>
      loadConfig({ API_TOKENS: 'ana:reader:aaaaaaaaaaaaaaaa,ana:admin:bbbbbbbbbbbbbbbb' }),
    ).toThrow(/used twice/);
  });
});
