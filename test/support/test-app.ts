import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig, openEventStore } from '@app/config';
import type { EventStore } from '@app/event-store';

export const TOKENS = {
  recorder: 'recorder-token-0123456789',
  reader: 'reader-token-0123456789ab',
  auditor: 'auditor-token-0123456789a',
  admin: 'admin-token-0123456789abc',
} as const;

export type TestRole = keyof typeof TOKENS;

export interface TestApp {
  app: NestFastifyApplication;
  /** The files of this app's stores, for tests that reach behind the service (tampering, seeding). */
  paths: { sqlite: string; readModels: string };
  /** The clock the service reads; tests move it. */
  clock: { now(): Date; set(iso: string): void };
  request(options: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  as?: TestRole;
  body?: unknown;
  /** Sent as is, not JSON-encoded (for malformed bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Record<string, unknown>;
  body: any;
  text: string;
}

export interface StartOptions {
  /** Runs before the service opens its stores (e.g. to seed the event log directly). */
  beforeStart?: (paths: TestApp['paths']) => Promise<void>;
  /**
   * Runs before the service starts, on the event store it will open — SQLite, or the EventStoreDB double
   * in the e2e-esdb project — closed again before the service opens it.
   */
  seed?: (store: EventStore) => Promise<void>;
  /** Where request logs go (with LOG_LEVEL set; tests are silent by default). */
  logStream?: Writable;
}

export async function startTestApp(
  env: Record<string, string> = {},
  now = '2026-11-27T12:00:00.000Z',
  options: StartOptions = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-e2e-'));
  const paths = { sqlite: join(dir, 'timeline.db'), readModels: join(dir, 'read-models.db') };
  await options.beforeStart?.(paths);
  const config = loadConfig({
    SQLITE_PATH: paths.sqlite,
    READ_MODEL_PATH: paths.readModels,
    LOG_LEVEL: 'silent',
    API_TOKENS: Object.entries(TOKENS)
      .map(([role, token]) => `${role}-user:${role}:${token}`)
      .join(','),
    ...env,
  });
  if (options.seed) {
    const store = openEventStore(config);
    try {
      await options.seed(store);
    } finally {
      await store.close();
    }
  }
  let current = new Date(now);
  const clock = { now: () => current, set: (iso: string) => (current = new Date(iso)) };
  const app = await createApp(config, {
    clock,
    logger: false,
    minPositionWaitMs: 300,
    logStream: options.logStream,
  });
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    paths,
    clock,
    async request({ method, url, as, body, rawBody, headers = {} }) {
      const all: Record<string, string> = { ...headers };
      if (as) all.authorization = `Bearer ${TOKENS[as]}`;
      let payload: string | undefined = rawBody;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        all['content-type'] ??= 'application/json';
      }
      const res = await fastify.inject({ method, url, headers: all, payload });
      const isJson = /json/.test(String(res.headers['content-type'] ?? ''));
      const parsed: unknown = isJson && res.body ? JSON.parse(res.body) : undefined;
      return { status: res.statusCode, headers: res.headers, body: parsed, text: res.body };
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
