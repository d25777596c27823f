import { request } from 'node:http';
import { join } from 'node:path';
import { serviceOptions, TOKEN } from './servers/servers-under-test';
import { getHealth, startChildServer, type ChildServer } from './support/child-server';
import { freeLoopbackPort } from './support/free-port';
import { postLoad } from './support/http-load';
import { postBodies } from './support/sample-events';
import { formatCount } from './support/stats';
import type { Table } from './support/table';
import { withTempDir } from './support/temp-dir';

export interface FeedResults {
  streams: number;
  /** Events recorded while the streams were open. */
  events: number;
  writeSeconds: number;
  /** Every stream received every event, once and in order. */
  exactlyOnce: boolean;
  /** From the end of the writes until the last stream had the last event. */
  drainSeconds: number;
  /** The service's resident memory: before the streams opened, and its peak during the run. */
  rssBeforeMb: number;
  peakRssMb: number;
}

interface Follower {
  positions: string[];
  close(): void;
}

/** A client of the feed over its own connection, keeping the positions of the events it receives. */
function follow(port: number): Promise<Follower> {
  return new Promise((resolve, reject) => {
    const positions: string[] = [];
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/events/stream?after=0',
        headers: { authorization: `Bearer ${TOKEN}` },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET /v1/events/stream: ${res.statusCode}`));
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          const blocks = pending.split('\n\n');
          pending = blocks.pop()!;
          for (const block of blocks) {
            const id = /^id: (\d+)$/m.exec(block);
            if (id && block.includes('\ndata: ')) positions.push(id[1]);
          }
        });
        resolve({ positions, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * The live feed under load (docs/operations.md#the-live-feed): `streams` clients follow the feed of the
 * built service from position 0 while events are recorded over HTTP; the service's resident memory is
 * sampled throughout. The goal: 200 streams while writing, RSS at most 300 MB, every event once per stream.
 */
export async function runFeedBench(quick: boolean, print = console.error): Promise<FeedResults> {
  const streams = quick ? 50 : 200;
  const seconds = quick ? 3 : 10;
  return withTempDir('bench-feed', async (dir) => {
    const port = await freeLoopbackPort();
    const files = { sqlitePath: join(dir, 'timeline.db'), readModelPath: join(dir, 'read-models.db') };
    const server: ChildServer = await startChildServer(
      serviceOptions(port, files, undefined, undefined, {
        FEED_MAX_STREAMS_PER_TOKEN: String(streams),
        FEED_MAX_STREAMS: String(streams),
      }),
    );
    try {
      const rssBeforeMb = mb(server.memory()?.rssBytes ?? 0);
      print(`feed: ${streams} streams while recording for ${seconds} s`);
      const followers: Follower[] = [];
      for (let i = 0; i < streams; i++) followers.push(await follow(port));
      const started = performance.now();
      await postLoad({
        url: `http://127.0.0.1:${port}`,
        connections: 8,
        seconds,
        headers: { authorization: `Bearer ${TOKEN}` },
        body: postBodies(),
      });
      const writeSeconds = (performance.now() - started) / 1000;
      const wrote = performance.now();
      // Requests still in flight when the load stopped may have been recorded: the log's head says.
      const health = await getHealth(server.url, 5000);
      const head = (JSON.parse(health!.body) as { store: { headPosition: string } }).store.headPosition;
      const events = Number(head); // SQLite: positions are 1, 2, 3, …
      const done = (f: Follower) => f.positions[f.positions.length - 1] === head;
      while (!followers.every(done) && performance.now() - wrote < 60_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const drainSeconds = (performance.now() - wrote) / 1000;
      const peakRssMb = mb(server.memory()?.peakRssBytes ?? 0);
      const reference = followers[0].positions;
      const exactlyOnce =
        reference.length === events &&
        reference.every((p, i) => p === String(i + 1)) &&
        followers.every((f) => f.positions.join() === reference.join());
      followers.forEach((f) => f.close());
      return { streams, events, writeSeconds, exactlyOnce, drainSeconds, rssBeforeMb, peakRssMb };
    } finally {
      await server.stop();
    }
  });
}

export function feedTable(r: FeedResults): Table {
  return {
    title: `The live feed: ${r.streams} streams from position 0 while recording`,
    head: [
      'streams',
      'events recorded',
      'every event once',
      'last stream done after',
      'RSS before',
      'peak RSS',
    ],
    rows: [
      [
        String(r.streams),
        `${formatCount(r.events)} in ${r.writeSeconds.toFixed(1)} s`,
        r.exactlyOnce ? 'yes' : 'NO',
        `${r.drainSeconds.toFixed(2)} s`,
        `${r.rssBeforeMb} MB`,
        `${r.peakRssMb} MB`,
      ],
    ],
  };
}
