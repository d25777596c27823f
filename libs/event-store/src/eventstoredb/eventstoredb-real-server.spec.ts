import { execFileSync } from 'node:child_process';
import { describeEventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * The contract suite against a real EventStoreDB (docs/architecture.md#the-event-store): the same file as for
 * SQLite and the wire double. The server is EVENTSTORE_CONNECTION_STRING when set, else one that
 * testcontainers starts when a Docker engine answers; else the run is reported as skipped, with the reason in
 * the test's name — never passed. The same command (`npx jest libs/event-store`) runs it for real wherever
 * Docker or a server is there (docs/operations.md).
 */

/** Pinned, never `latest`, so that a run is repeatable (the same image as docker-compose.yml). */
const EVENTSTORE_IMAGE = 'eventstore/eventstore:24.10.0-bookworm-slim';
/** Pulling the image and starting the node can take a while on a cold machine. */
const START_TIMEOUT_MS = 180_000;

type RealServer =
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'docker'; engine: string }
  | { kind: 'none'; reason: string };

const server = findRealServer(process.env);

if (server.kind === 'none') {
  const title = `EventStore contract: eventstoredb (real server) — skipped: ${server.reason}`;
  // Also said in the output, not only counted: a skipped real-server run must be seen.
  console.warn(`${title}. Set EVENTSTORE_CONNECTION_STRING or start Docker to run it.`);
  test.skip(title, () => undefined);
} else {
  let connectionString = server.kind === 'connection-string' ? server.connectionString : '';
  let stopContainer: (() => Promise<unknown>) | undefined;

  beforeAll(async () => {
    if (server.kind !== 'docker') return;
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(EVENTSTORE_IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_CLUSTER_SIZE: '1',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        EVENTSTORE_MEM_DB: 'true',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(START_TIMEOUT_MS)
      .start();
    stopContainer = () => container.stop();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await stopContainer?.();
  });

  describeEventStoreContract(
    `eventstoredb (real server: ${server.kind === 'docker' ? EVENTSTORE_IMAGE : 'EVENTSTORE_CONNECTION_STRING'})`,
    async () => EventStoreDbEventStore.open({ connectionString, eventIdIndexPath: ':memory:' }),
  );
}

/**
 * Decided while jest collects tests, so synchronously: EVENTSTORE_CONNECTION_STRING, else a Docker
 * engine that answers its /_ping, else nowhere — with the reason.
 */
function findRealServer(env: NodeJS.ProcessEnv): RealServer {
  if (env.EVENTSTORE_CONNECTION_STRING) {
    return { kind: 'connection-string', connectionString: env.EVENTSTORE_CONNECTION_STRING };
  }
  const engine = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  const answer = pingDocker(engine);
  if (answer === 'OK') return { kind: 'docker', engine };
  const where = engine.replace(/^unix:\/\//, '');
  return {
    kind: 'none',
    reason: `no EVENTSTORE_CONNECTION_STRING and no Docker engine answers at ${where} (${answer})`,
  };
}

/** "OK", or what went wrong: a child process makes the (asynchronous) HTTP request and we wait for it. */
function pingDocker(engine: string): string {
  const script = `
    const http = require('node:http');
    const engine = process.argv[1];
    const target = engine.startsWith('unix://')
      ? { socketPath: engine.slice('unix://'.length) }
      : (() => { const u = new URL(engine.replace(/^tcp:/, 'http:')); return { host: u.hostname, port: u.port }; })();
    const request = http.get({ ...target, path: '/_ping', timeout: 2000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => process.stdout.write(response.statusCode === 200 ? body.trim() : 'HTTP ' + response.statusCode));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
    request.on('error', (error) => process.stdout.write(error.code || error.message));
  `;
  try {
    return (
      execFileSync(process.execPath, ['-e', script, engine], { encoding: 'utf8', timeout: 5000 }) ||
      'no answer'
    );
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
