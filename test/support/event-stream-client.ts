import { request, type IncomingHttpHeaders } from 'node:http';
import { TOKENS, type TestApp, type TestRole } from './test-app';

/** One Server-Sent Events frame: an event (`data`), or a position alone (`id`, no data). */
export interface Frame {
  id?: string;
  data?: string;
}

/** A client of GET /v1/events/stream over a real socket, parsing frames as an EventSource would. */
export interface StreamClient {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body so far, as received. */
  text: string;
  /** The frames parsed so far (events and positions alone), in order. */
  frames: Frame[];
  /** The comment lines received (`: heartbeat`). */
  comments: string[];
  /** The id of the last frame that carried one: what EventSource sends back as Last-Event-ID. */
  lastEventId?: string;
  /** The events received, parsed. */
  events(): Record<string, any>[];
  /** Resolves once `predicate` holds (checked on every chunk), rejects after `timeoutMs`. */
  until(predicate: (client: StreamClient) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends or cuts the response. */
  ended: Promise<void>;
  /** The client goes away (the socket is destroyed). */
  close(): void;
  /** A paused client starts reading. */
  resume(): void;
}

export interface OpenOptions {
  as?: TestRole;
  headers?: Record<string, string>;
  /** Stop parsing (and close) after this many events: a client killed mid-stream. */
  killAfter?: number;
  /** Do not read at all once the headers have come (a client that reads too slowly). */
  paused?: boolean;
}

/** The port of a TestApp, listening on an ephemeral port (started on first use). */
export async function portOf(t: TestApp): Promise<number> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  return (server.address() as { port: number }).port;
}

export function openStream(port: number, path: string, options: OpenOptions = {}): Promise<StreamClient> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (options.as) headers.authorization = `Bearer ${TOKENS[options.as]}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let pending = '';
      let killed = false;
      const parsed: Record<string, any>[] = [];
      let endedResolve!: () => void;
      const checks = new Set<() => void>();
      const client: StreamClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: '',
        frames: [],
        comments: [],
        events: () => parsed,
        until(predicate, timeoutMs = 10_000) {
          if (predicate(client)) return Promise.resolve();
          return new Promise((done, fail) => {
            const timer = setTimeout(() => {
              checks.delete(check);
              fail(new Error(`not reached in ${timeoutMs} ms; got ${client.frames.length} frames`));
            }, timeoutMs);
            const check = () => {
              if (!predicate(client)) return;
              clearTimeout(timer);
              checks.delete(check);
              done();
            };
            checks.add(check);
          });
        },
        ended: new Promise((r) => (endedResolve = r)),
        close: () => req.destroy(),
        resume: () => res.resume(),
      };
      const parse = (chunk: string) => {
        pending += chunk;
        let cut: number;
        while ((cut = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, cut);
          pending = pending.slice(cut + 2);
          const frame: Frame = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) frame.id = line.slice(4);
            else if (line.startsWith('data: ')) frame.data = line.slice(6);
          }
          if (frame.id !== undefined) client.lastEventId = frame.id;
          if (frame.id !== undefined || frame.data !== undefined) client.frames.push(frame);
          if (frame.data !== undefined) parsed.push(JSON.parse(frame.data));
          if (options.killAfter !== undefined && client.events().length >= options.killAfter) {
            killed = true;
            req.destroy();
            return;
          }
        }
      };
      res.setEncoding('utf8');
      if (options.paused) res.pause();
      res.on('data', (chunk: string) => {
        if (killed) return;
        client.text += chunk;
        parse(chunk);
        for (const check of [...checks]) check();
      });
      const end = () => {
        endedResolve();
        for (const check of [...checks]) check();
      };
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface PeekedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
  text: string;
}

/**
 * A GET over a real socket that does not wait for a stream to end: an answer that ends (a problem) is
 * read whole; a stream is read for `ms` after its headers, then the client goes away.
 */
export function peekStream(
  port: number,
  path: string,
  headers: Record<string, string>,
  ms = 40,
): Promise<PeekedAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      const done = () => {
        clearTimeout(timer);
        const isJson = /json/.test(String(res.headers['content-type'] ?? ''));
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: isJson && text ? JSON.parse(text) : undefined,
          text,
        });
      };
      const timer = setTimeout(() => {
        req.destroy();
        done();
      }, ms);
      res.on('end', done);
    });
    req.on('error', reject);
    req.end();
  });
}
