import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, FORWARDS, jsonEvent, START } from '@eventstore/db-client';
import { EventIdConflictError, type RecordedEvent } from '@app/domain';
import { EventStoreDbDouble } from '../../../../test/esdb-double/esdb-double';
import { anEvent, describeEventStoreContract, sleep } from '../event-store.contract';
import { StoreUnavailableError } from '../store-unavailable.error';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store';

// The contract suite runs against the real @eventstore/db-client talking gRPC to the wire double
// (test/esdb-double); the run against a real server is eventstoredb-real-server.spec.ts.
let double: EventStoreDbDouble;
beforeAll(async () => {
  double = await EventStoreDbDouble.start();
});
afterAll(() => double.stop());

describeEventStoreContract('eventstoredb (wire double)', async () =>
  EventStoreDbEventStore.open({ connectionString: double.connectionString, eventIdIndexPath: ':memory:' }),
);

describe('the EventStoreDB wire double', () => {
  it('listens on 127.0.0.1 only (as the kernel lists its listening sockets)', () => {
    expect(double.connectionString).toBe(`esdb://127.0.0.1:${double.port}?tls=false`);
    // /proc/net/tcp{,6}: "local_address" is hex IP:port; state 0A is LISTEN. 0100007F is 127.0.0.1.
    const port = double.port.toString(16).toUpperCase().padStart(4, '0');
    const listening = ['/proc/net/tcp', '/proc/net/tcp6']
      .filter((file) => existsSync(file))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1))
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${port}`) && fields[3] === '0A')
      .map((fields) => fields[1].split(':')[0]);
    expect(listening).toEqual(['0100007F']);
  });
});

describe('EventStoreDbEventStore', () => {
  const opened: Array<{ close(): Promise<unknown> }> = [];
  const tempDir = mkdtempSync(join(tmpdir(), 'esdb-adapter-spec-'));
  afterEach(async () => {
    for (const closeable of opened.splice(0).reverse()) await closeable.close();
  });
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

  function open(options: Partial<EventStoreDbEventStoreOptions> = {}, on = double): EventStoreDbEventStore {
    const store = EventStoreDbEventStore.open({
      connectionString: on.connectionString,
      eventIdIndexPath: ':memory:',
      backoff: { initialMs: 20, maxMs: 200 },
      ...options,
    });
    opened.push(store);
    return store;
  }

  function rawClient(on = double): EventStoreDBClient {
    const client = EventStoreDBClient.connectionString(on.connectionString);
    opened.push({ close: () => client.dispose() });
    return client;
  }

  async function rawRead(client: EventStoreDBClient, stream: string) {
    const events = [];
    for await (const resolved of client.readStream(stream, { fromRevision: START, direction: FORWARDS })) {
      events.push(resolved.event!);
    }
    return events;
  }

  describe('what EventStoreDB holds', () => {
    it('given an appended event, then EventStoreDB holds it under our eventId and type, with the payload as JSON data and our metadata (and the append id) as JSON metadata', async () => {
      const store = open();
      const stream = aStream();
      const event = anEvent();

      await store.append(stream, [event], { expectedRevision: 'no_stream' });

      const [stored] = await rawRead(rawClient(), stream);
      expect(stored).toMatchObject({ id: event.eventId, type: event.type, isJson: true, revision: 0n });
      expect(stored.data).toStrictEqual(event.payload);
      expect(stored.metadata).toStrictEqual({ ...event.metadata, appendId: expect.any(String) });
    });

    it('then positions are the commit positions EventStoreDB gives, as decimal strings, increasing but not consecutive', async () => {
      const store = open();
      const stream = aStream();
      await store.append(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });

      const ours = await store.readStream(stream);
      const raw = await rawRead(rawClient(), stream);

      expect(ours.map((e) => e.position)).toEqual(raw.map((e) => e.position!.commit.toString()));
      expect(BigInt(ours[1].position) - BigInt(ours[0].position)).toBeGreaterThan(1n);
    });
  });

  describe('the log also holds system events and other applications', () => {
    it('given events of $-streams and of another application after ours, then readAll, headPosition and subscribe see only relationship streams', async () => {
      const store = open();
      const start = await store.headPosition();
      const stream = aStream();
      const ours = anEvent();
      await store.append(stream, [ours], { expectedRevision: 'no_stream' });
      const client = rawClient();
      await client.appendToStream('$system-noise', [jsonEvent({ type: '$noise', data: {} })]);
      await client.appendToStream('billing-42', [jsonEvent({ type: 'InvoiceSent', data: { total: 1 } })]);
      const { position } = (await store.readStream(stream))[0];

      const log = await store.readAll({ fromPosition: start });
      const controller = new AbortController();
      const subscription = store.subscribe({ fromPosition: start, signal: controller.signal });
      const iterator = subscription[Symbol.asyncIterator]();

      expect(log.every((e) => e.stream.startsWith('relationship-'))).toBe(true);
      expect(log.map((e) => e.eventId)).toContain(ours.eventId);
      await expect(store.headPosition()).resolves.toBe(position);
      let first: IteratorResult<RecordedEvent>;
      do first = await iterator.next();
      while (!first.done && first.value.stream !== stream);
      expect(first.value).toMatchObject({ eventId: ours.eventId });
      controller.abort();
    });
  });

  describe('idempotency is ours, not EventStoreDB’s', () => {
    it('given two replicas racing one eventId with different content at the same revision, then one is stored and the other gets EventIdConflictError, although EventStoreDB acknowledges both', async () => {
      const [a, b] = [open(), open()];
      const stream = aStream();
      await a.append(stream, [anEvent()], { expectedRevision: 'no_stream' });
      const eventId = randomUUID();
      const first = { ...anEvent({ summary: 'first' }), eventId };
      const second = { ...anEvent({ summary: 'second' }), eventId };

      const outcomes = await Promise.allSettled([
        a.append(stream, [first], { expectedRevision: 0n }),
        b.append(stream, [second], { expectedRevision: 0n }),
      ]);

      const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(EventIdConflictError);
      expect((await a.readStream(stream)).filter((e) => e.eventId === eventId)).toHaveLength(1);
    });

    it('given two replicas racing the very same request (same content and stamp), then one creates it and the other is told it was already there', async () => {
      const [a, b] = [open(), open()];
      const stream = aStream();
      const event = anEvent();

      const results = await Promise.all([
        a.append(stream, [event], { expectedRevision: 'no_stream' }),
        b.append(stream, [event], { expectedRevision: 'no_stream' }),
      ]);

      expect(results.map((r) => r.idempotent).sort()).toEqual([false, true]);
      expect(results[0].position).toBe(results[1].position);
      expect(await a.readStream(stream)).toHaveLength(1);
    });

    it('given an event appended through one replica, when another looks it up at once, then it finds it (a miss is believed only once its index has caught up with the log)', async () => {
      const [writer, reader] = [open(), open()];
      await reader.headPosition();
      const event = anEvent();
      const stream = aStream();

      await writer.append(stream, [event], { expectedRevision: 'no_stream' });

      await expect(reader.findEvent(event.eventId)).resolves.toMatchObject({
        eventId: event.eventId,
        stream,
      });
    });
  });

  describe('when EventStoreDB is unavailable', () => {
    let own: EventStoreDbDouble;
    beforeEach(async () => {
      own = await EventStoreDbDouble.start();
      opened.push({ close: () => own.stop() });
    });

    it('then appends, reads and lookups fail with StoreUnavailableError (503), and work again once it is back', async () => {
      const store = open({}, own);
      const stream = aStream();
      await store.append(stream, [anEvent()], { expectedRevision: 'no_stream' });

      await own.goDown();

      await expect(store.append(stream, [anEvent()], { expectedRevision: 0n })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.readStream(stream)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.findEvent(randomUUID())).rejects.toBeInstanceOf(StoreUnavailableError);
      await own.comeBack();
      await expect(store.append(stream, [anEvent()], { expectedRevision: 0n })).resolves.toMatchObject({
        revision: 1n,
      });
    });

    it('given a live subscription, when the connection drops and comes back, then it resumes after the last event it delivered: none lost, none repeated, and it says so', async () => {
      const said: string[] = [];
      const store = open({ log: (_, message) => said.push(message) }, own);
      const stream = aStream();
      const controller = new AbortController();
      const iterator = store.subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
      const before = [anEvent(), anEvent()];
      await store.append(stream, before, { expectedRevision: 'no_stream' });
      const received = [(await iterator.next()).value, (await iterator.next()).value];

      await own.goDown();
      await sleep(100);
      await own.comeBack();
      const after = anEvent();
      await store.append(stream, [after], { expectedRevision: 1n });
      received.push((await iterator.next()).value);
      controller.abort();

      expect(received.map((e) => e?.eventId)).toEqual([...before, after].map((e) => e.eventId));
      await expect(iterator.next()).resolves.toMatchObject({ done: true });
      expect(said).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^subscription to \$all caught up/),
          expect.stringMatching(/^subscription to \$all dropped .*; resubscribing in \d+ ms$/),
        ]),
      );
    });
  });

  describe('projection lag', () => {
    it('given three events after a checkpoint, then the lag is 3 events (positions are log offsets, not counts), and 0 from the head', async () => {
      const own = await EventStoreDbDouble.start();
      opened.push({ close: () => own.stop() });
      const store = open({}, own);
      const stream = aStream();
      await store.append(stream, [anEvent()], { expectedRevision: 'no_stream' });
      const checkpoint = await store.headPosition();
      await store.append(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 0n });

      await expect(store.projectionLag(checkpoint)).resolves.toBe('3');
      await expect(store.projectionLag(await store.headPosition())).resolves.toBe('0');
      await expect(store.projectionLag(undefined)).resolves.toBe('4');
    });
  });

  describe('the eventId index', () => {
    it('given a store closed and opened again on the same index file, then it still finds earlier events', async () => {
      const eventIdIndexPath = join(tempDir, `${randomUUID()}.db`);
      const first = open({ eventIdIndexPath });
      const event = anEvent();
      const stream = aStream();
      await first.append(stream, [event], { expectedRevision: 'no_stream' });
      await first.close();

      const again = open({ eventIdIndexPath });

      await expect(again.findEvent(event.eventId)).resolves.toMatchObject({ eventId: event.eventId, stream });
    });
  });

  describe('what it refuses', () => {
    it.each([
      ['a stream outside relationship-…', 'billing-42', anEvent()],
      ['an eventId that is not a UUID', 'relationship-AZ-CN', { ...anEvent(), eventId: 'evt-1' }],
      [
        'an eventId in upper case',
        'relationship-AZ-CN',
        { ...anEvent(), eventId: randomUUID().toUpperCase() },
      ],
    ])('when appending %s, then a RangeError and nothing is written', async (_, stream, event) => {
      const store = open();
      const start = await store.headPosition();

      await expect(store.append(stream, [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        RangeError,
      );

      await expect(store.headPosition()).resolves.toBe(start);
    });

    it('given a closed store, then every call is StoreUnavailableError and a live subscription has ended', async () => {
      const store = open();
      const iterator = store.subscribe()[Symbol.asyncIterator]();
      const waiting = iterator.next();

      await store.close();

      await expect(waiting).resolves.toMatchObject({ done: true });
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.append(aStream(), [anEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
    });
  });

  describe('against a server older than 21.10 (no BatchAppend)', () => {
    it('then appends and revision conflicts go through the classic Append', async () => {
      const old = await EventStoreDbDouble.start({ batchAppend: false });
      opened.push({ close: () => old.stop() });
      const store = open({}, old);
      const stream = aStream();

      await store.append(stream, [anEvent()], { expectedRevision: 'no_stream' });

      await expect(
        store.append(stream, [anEvent()], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({
        name: 'ConcurrencyError',
        expected: 'no_stream',
        actual: '0',
      });
    });
  });
});

function aStream(): string {
  return `relationship-adapter-${randomUUID()}`;
}
