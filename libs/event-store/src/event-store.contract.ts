import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventIdConflictError, type EventType, type RecordedEvent } from '@app/domain';
import type { AppendResult, EventStore, EventToAppend } from './event-store.port';

/**
 * The behaviour every EventStore adapter must show (docs/architecture.md#the-event-store), written only
 * against the port so that each adapter runs this same suite from its own spec file:
 *
 *   describeEventStoreContract('sqlite (file)', async () => SqliteEventStore.open({ path }));
 *
 * `open` is called before every test and the store closed after it. The suite does not assume the
 * store is empty: every test writes to streams of its own (random names), reads the global log from
 * the head it found, and ignores events of other streams — so it can also run against a shared
 * EventStoreDB. Positions are compared as the decimal strings RecordedEvent.position promises.
 *
 * Test-only: excluded from the build (tsconfig.build.json) and not exported from index.ts.
 */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const subscriptions: Array<{ abort: () => void }> = [];

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      for (const subscription of subscriptions.splice(0)) subscription.abort();
      await store.close();
    });

    /** A subscription that sees only `streams`, stopped after the test if the test did not stop it. */
    function follow(streams: string[], fromPosition: string | undefined): Follower {
      const follower = new Follower(store, streams, fromPosition);
      subscriptions.push(follower);
      return follower;
    }

    describe('appending and reading a stream', () => {
      it('given a new stream, when events are appended, then readStream returns them in order with revisions 0…n-1 and payload and metadata exactly as given', async () => {
        const stream = aStream();
        const events = [richEvent(), anEvent({ summary: 'second' }), anEvent({ summary: 'third' })];

        await store.append(stream, events, { expectedRevision: 'no_stream' });

        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        read.forEach((recorded, i) => {
          expect(recorded.eventId).toBe(events[i].eventId);
          expect(recorded.type).toBe(events[i].type);
          expect(recorded.stream).toBe(stream);
          expect(recorded.payload).toStrictEqual(events[i].payload);
          expect(recorded.metadata).toStrictEqual(events[i].metadata);
        });
      });

      it('when a batch is appended, then the result names the revision and position of its last event', async () => {
        const stream = aStream();
        const result = await store.append(stream, [anEvent(), anEvent(), anEvent()], {
          expectedRevision: 'no_stream',
        });

        const last = (await store.readStream(stream))[2];
        expect(result).toEqual({ revision: 2n, position: last.position, idempotent: false });
      });

      it('given an unknown stream, when it is read, then there are no events', async () => {
        await expect(store.readStream(aStream())).resolves.toEqual([]);
      });

      it('given two streams, when one is read, then only its events come back', async () => {
        const [mine, other] = [aStream(), aStream()];
        await store.append(mine, [anEvent({ summary: 'mine' })], { expectedRevision: 'any' });
        await store.append(other, [anEvent({ summary: 'other' })], { expectedRevision: 'any' });

        const read = await store.readStream(mine);
        expect(read.map((e) => e.payload.data.summary)).toEqual(['mine']);
      });

      it('given a stream of 5 events, when read from revision 2, then revisions 2, 3 and 4 come back (fromRevision is inclusive)', async () => {
        const stream = aStream();
        const events = [anEvent(), anEvent(), anEvent(), anEvent(), anEvent()];
        await store.append(stream, events, { expectedRevision: 'no_stream' });

        const read = await store.readStream(stream, { fromRevision: 2n });
        expect(read.map((e) => [e.revision, e.eventId])).toEqual(
          [2n, 3n, 4n].map((r) => [r, events[Number(r)].eventId]),
        );
      });

      it('given a stream at revision 1, when no events are appended, then the result is its current revision and last position, and nothing is written', async () => {
        const stream = aStream();
        const last = await store.append(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });

        const result = await store.append(stream, [], { expectedRevision: 1n });

        expect(result).toEqual({ revision: 1n, position: last.position, idempotent: false });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('given a stream at revision 1, when no events are appended with expected revision 0, then ConcurrencyError', async () => {
        const stream = aStream();
        await store.append(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });

        await expect(store.append(stream, [], { expectedRevision: 0n })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
      });
    });

    describe('expected revision', () => {
      it("given a new stream, when appending with 'any', then the event gets revision 0", async () => {
        const result = await store.append(aStream(), [anEvent()], { expectedRevision: 'any' });
        expect(result.revision).toBe(0n);
      });

      it("given a stream at revision 1, when appending with 'any', then the event gets revision 2", async () => {
        const stream = await aStreamWith(2);
        const result = await store.append(stream, [anEvent()], { expectedRevision: 'any' });
        expect(result.revision).toBe(2n);
      });

      it("given a new stream, when appending with 'no_stream', then the event gets revision 0", async () => {
        const result = await store.append(aStream(), [anEvent()], { expectedRevision: 'no_stream' });
        expect(result.revision).toBe(0n);
      });

      it("given a stream with events, when appending with 'no_stream', then ConcurrencyError (expected no_stream, actual 0) and nothing is written", async () => {
        const stream = await aStreamWith(1);
        const event = anEvent();

        const error = await rejectionOf(store.append(stream, [event], { expectedRevision: 'no_stream' }));

        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream, expected: 'no_stream', actual: '0' });
        await expectNotStored(stream, 1, event);
      });

      it('given a stream at revision 1, when appending with expected revision 1, then the event gets revision 2', async () => {
        const stream = await aStreamWith(2);
        const result = await store.append(stream, [anEvent()], { expectedRevision: 1n });
        expect(result.revision).toBe(2n);
      });

      it.each([
        ['behind', 0n],
        ['ahead', 5n],
      ])(
        'given a stream at revision 1, when appending with an expected revision %s of it, then ConcurrencyError and nothing is written',
        async (_, expectedRevision) => {
          const stream = await aStreamWith(2);
          const event = anEvent();

          const error = await rejectionOf(store.append(stream, [event], { expectedRevision }));

          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ stream, expected: expectedRevision.toString(), actual: '1' });
          await expectNotStored(stream, 2, event);
        },
      );

      it('given an unknown stream, when appending with expected revision 0, then ConcurrencyError says the stream does not exist', async () => {
        const stream = aStream();
        const event = anEvent();

        const error = await rejectionOf(store.append(stream, [event], { expectedRevision: 0n }));

        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream, expected: '0', actual: 'no_stream' });
        await expectNotStored(stream, 0, event);
      });

      it('given a stream at revision 0, when 20 appends race with expected revision 0, then exactly one succeeds, the others get ConcurrencyError, and the stream has one new event', async () => {
        const stream = await aStreamWith(1);
        const contenders = Array.from({ length: 20 }, (_, i) => anEvent({ summary: `contender ${i}` }));

        const outcomes = await Promise.allSettled(
          contenders.map((event) => store.append(stream, [event], { expectedRevision: 0n })),
        );

        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [contenders[i]] : []));
        const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const reason of losers) expect(reason).toBeInstanceOf(ConcurrencyError);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.eventId).slice(1)).toEqual([winners[0].eventId]);
      });
    });

    describe('idempotent retries', () => {
      it('given an appended event, when the same eventId and content is appended again (after the stream moved on), then the original revision and position come back with idempotent true and one event is stored', async () => {
        const stream = aStream();
        const event = anEvent();
        const original = await store.append(stream, [event], { expectedRevision: 'no_stream' });
        await store.append(stream, [anEvent()], { expectedRevision: 0n });

        const retry = await store.append(stream, [event], { expectedRevision: 'no_stream' });

        expect(retry).toEqual({ revision: original.revision, position: original.position, idempotent: true });
        const read = await store.readStream(stream);
        expect(read.filter((e) => e.eventId === event.eventId)).toHaveLength(1);
        expect(read).toHaveLength(2);
      });

      it('given an appended event, when it is retried re-stamped (new recordedAt and hash) with its payload keys in another order, then it is the same event: idempotent, and the stored metadata is the original', async () => {
        const stream = aStream();
        const event = anEvent();
        const original = await store.append(stream, [event], { expectedRevision: 'no_stream' });
        const retry: EventToAppend = {
          ...event,
          payload: reorderKeys(event.payload),
          metadata: { ...event.metadata, recordedAt: '2024-07-05T00:00:00.000Z', hash: 'c'.repeat(64) },
        };

        const result = await store.append(stream, [retry], { expectedRevision: 0n });

        expect(result).toEqual({ ...original, idempotent: true });
        expect((await store.findEvent(event.eventId))?.metadata).toStrictEqual(event.metadata);
      });

      it('given an appended batch, when the whole batch is retried, then the revision and position of its last event come back with idempotent true', async () => {
        const stream = aStream();
        const batch = [anEvent(), anEvent(), anEvent()];
        const original = await store.append(stream, batch, { expectedRevision: 'no_stream' });

        const retry = await store.append(stream, batch, { expectedRevision: 'no_stream' });

        expect(retry).toEqual({ ...original, idempotent: true });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it.each([
        [
          'another payload',
          (e: EventToAppend): EventToAppend => ({ ...e, payload: { ...e.payload, note: 'edited' } }),
        ],
        ['another type', (e: EventToAppend): EventToAppend => ({ ...e, type: 'PositionStated' })],
      ])(
        'given an appended event, when its eventId is appended again with %s, then EventIdConflictError and nothing is written',
        async (_, alter) => {
          const stream = aStream();
          const event = anEvent();
          await store.append(stream, [event], { expectedRevision: 'no_stream' });

          const error = await rejectionOf(store.append(stream, [alter(event)], { expectedRevision: 'any' }));

          expect(error).toBeInstanceOf(EventIdConflictError);
          expect(error).toMatchObject({ eventId: event.eventId });
          const read = await store.readStream(stream);
          expect(read).toHaveLength(1);
          expect(read[0].payload).toStrictEqual(event.payload);
          expect(read[0].type).toBe(event.type);
        },
      );

      it('given an event in one stream, when the same eventId and content is appended to another stream, then EventIdConflictError and the other stream stays empty', async () => {
        const [first, second] = [aStream(), aStream()];
        const event = anEvent();
        await store.append(first, [event], { expectedRevision: 'no_stream' });

        const error = await rejectionOf(store.append(second, [event], { expectedRevision: 'no_stream' }));

        expect(error).toBeInstanceOf(EventIdConflictError);
        expect(await store.readStream(second)).toEqual([]);
        expect((await store.findEvent(event.eventId))?.stream).toBe(first);
      });

      it('when two first appends of one eventId to two different streams race, then exactly one is stored and the other gets EventIdConflictError (an eventId is unique across streams)', async () => {
        const event = anEvent();
        const streams = [aStream(), aStream()];

        const outcomes = await Promise.allSettled(
          streams.map((stream) => store.append(stream, [event], { expectedRevision: 'no_stream' })),
        );

        const stored = streams.filter((_, i) => outcomes[i].status === 'fulfilled');
        expect(stored).toHaveLength(1);
        const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(EventIdConflictError);
        expect((await store.findEvent(event.eventId))?.stream).toBe(stored[0]);
        const lengths = await Promise.all(streams.map(async (s) => (await store.readStream(s)).length));
        expect(lengths.sort()).toEqual([0, 1]);
      });

      it('when batches sharing one eventId race into two different streams, then one batch is stored whole and none of the other', async () => {
        const shared = anEvent();
        const batches = [
          [anEvent(), shared],
          [shared, anEvent()],
        ];
        const streams = [aStream(), aStream()];

        const outcomes = await Promise.allSettled(
          streams.map((stream, i) => store.append(stream, batches[i], { expectedRevision: 'no_stream' })),
        );

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
        expect(await store.readStream(streams[winner])).toHaveLength(2);
        await expectNotStored(streams[1 - winner], 0, batches[1 - winner][winner === 0 ? 1 : 0]);
      });

      it('given an appended event, when a batch holding it and a new event is appended, then EventIdConflictError (only part of a batch is no retry) and the new event is not written', async () => {
        const stream = aStream();
        const stored = anEvent();
        await store.append(stream, [stored], { expectedRevision: 'no_stream' });
        const fresh = anEvent();

        const error = await rejectionOf(store.append(stream, [stored, fresh], { expectedRevision: 'any' }));

        expect(error).toBeInstanceOf(EventIdConflictError);
        await expectNotStored(stream, 1, fresh);
      });

      it('when a batch names the same eventId twice, then EventIdConflictError and nothing is written', async () => {
        const stream = aStream();
        const event = anEvent();

        const error = await rejectionOf(
          store.append(stream, [event, event], { expectedRevision: 'no_stream' }),
        );

        expect(error).toBeInstanceOf(EventIdConflictError);
        await expectNotStored(stream, 0, event);
      });
    });

    describe('atomic batches', () => {
      it('given a stored event, when a batch whose last event reuses its id with other content is appended, then none of the batch is written', async () => {
        const stream = aStream();
        const stored = anEvent();
        await store.append(stream, [stored], { expectedRevision: 'no_stream' });
        const fresh = [anEvent(), anEvent()];
        const clash: EventToAppend = { ...anEvent({ summary: 'other content' }), eventId: stored.eventId };

        await expect(
          store.append(stream, [...fresh, clash], { expectedRevision: 0n }),
        ).rejects.toBeInstanceOf(EventIdConflictError);

        await expectNotStored(stream, 1, ...fresh);
      });

      it('given a stream at revision 0, when a batch is appended with a wrong expected revision, then none of the batch is written', async () => {
        const stream = await aStreamWith(1);
        const batch = [anEvent(), anEvent(), anEvent()];

        await expect(store.append(stream, batch, { expectedRevision: 3n })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );

        await expectNotStored(stream, 1, ...batch);
      });
    });

    describe('global order', () => {
      it('given appends to several streams, when the log is read, then their positions increase strictly in append order and match what append returned', async () => {
        const start = await store.headPosition();
        const [a, b] = [aStream(), aStream()];
        const appended: Array<{ event: EventToAppend; result: AppendResult }> = [];
        for (const stream of [a, b, a, a, b]) {
          const event = anEvent();
          appended.push({ event, result: await store.append(stream, [event], { expectedRevision: 'any' }) });
        }

        const log = only([a, b], await store.readAll({ fromPosition: start }));

        expect(log.map((e) => e.eventId)).toEqual(appended.map(({ event }) => event.eventId));
        expect(log.map((e) => e.position)).toEqual(appended.map(({ result }) => result.position));
        expectStrictlyIncreasing(log.map((e) => e.position));
      });

      it('given events in the log, when read from the position of one of them, then only the events after it come back (fromPosition is exclusive)', async () => {
        const stream = aStream();
        const events = [anEvent(), anEvent(), anEvent()];
        await store.append(stream, events, { expectedRevision: 'no_stream' });
        const [first] = await store.readStream(stream);

        const log = only([stream], await store.readAll({ fromPosition: first.position }));

        expect(log.map((e) => e.eventId)).toEqual([events[1].eventId, events[2].eventId]);
      });

      it('given 7 events, when the log is paged with limit 3, then every page holds at most 3 and the pages hold every event exactly once, in order', async () => {
        const start = await store.headPosition();
        const [a, b] = [aStream(), aStream()];
        const appended: string[] = [];
        for (const stream of [a, b, b, a, b, a, a]) {
          const event = anEvent();
          appended.push(event.eventId);
          await store.append(stream, [event], { expectedRevision: 'any' });
        }

        const seen: string[] = [];
        let from = start;
        for (let pages = 0; ; pages += 1) {
          if (pages > 1000) throw new Error('paging does not end');
          const page = await store.readAll({ fromPosition: from, limit: 3 });
          expect(page.length).toBeLessThanOrEqual(3);
          if (page.length === 0) break;
          seen.push(...only([a, b], page).map((e) => e.eventId));
          from = page[page.length - 1].position;
        }

        expect(seen).toEqual(appended);
      });

      it('given appends, then headPosition is the position of the last one', async () => {
        await store.append(aStream(), [anEvent()], { expectedRevision: 'any' });
        const last = await store.append(aStream(), [anEvent(), anEvent()], { expectedRevision: 'any' });

        await expect(store.headPosition()).resolves.toBe(last.position);
      });

      it('given an appended event, when it is looked up by eventId, then it comes back with its stream, revision and position', async () => {
        const stream = await aStreamWith(1);
        const event = anEvent();
        const result = await store.append(stream, [event], { expectedRevision: 0n });

        const found = await store.findEvent(event.eventId);

        expect(found).toEqual({ ...event, stream, revision: 1n, position: result.position });
      });

      it('when an unknown eventId is looked up, then there is none', async () => {
        await expect(store.findEvent(randomUUID())).resolves.toBeUndefined();
      });
    });

    describe('subscribe', () => {
      it('given events in the log, when subscribing from the position of the first, then the later ones arrive (catch-up), then events appended afterwards (live), in order, and the subscription ends when aborted', async () => {
        const [a, b] = [aStream(), aStream()];
        const before = [anEvent(), anEvent(), anEvent()];
        await store.append(a, before, { expectedRevision: 'no_stream' });
        const [first] = await store.readStream(a);

        const follower = follow([a, b], first.position);
        const caughtUp = await follower.take(2);
        const live = [anEvent(), anEvent()];
        await store.append(b, [live[0]], { expectedRevision: 'no_stream' });
        await store.append(a, [live[1]], { expectedRevision: 2n });
        const lived = await follower.take(2);

        expect(caughtUp.map((e) => e.eventId)).toEqual([before[1].eventId, before[2].eventId]);
        expect(lived.map((e) => [e.stream, e.eventId])).toEqual([
          [b, live[0].eventId],
          [a, live[1].eventId],
        ]);
        expect(lived[1]).toEqual({ ...live[1], stream: a, revision: 3n, position: expect.any(String) });
        expectStrictlyIncreasing([first, ...caughtUp, ...lived].map((e) => e.position));
        // Aborted while it waits for the next append: it must end, not wait for one.
        await expect(follower.abortAndDrain()).resolves.toEqual([]);
      });

      it('given events in the log, when subscribing from the head position, then only events appended afterwards arrive', async () => {
        const stream = await aStreamWith(3);
        const head = await store.headPosition();

        const follower = follow([stream], head);
        const receiving = follower.take(1); // already waiting, live, when the append lands
        const fresh = anEvent();
        await store.append(stream, [fresh], { expectedRevision: 2n });

        const [received] = await receiving;
        expect(received.eventId).toBe(fresh.eventId);
        await expect(follower.abortAndDrain()).resolves.toEqual([]);
      });

      it('given a live subscriber that is slow, when 30 appends land while it works, then it receives each exactly once, in append order', async () => {
        const streams = [aStream(), aStream(), aStream()];
        const follower = follow(streams, await store.headPosition());
        const appended: string[] = [];
        const appending = (async () => {
          for (let i = 0; i < 30; i += 1) {
            const event = anEvent({ summary: `burst ${i}` });
            appended.push(event.eventId);
            await store.append(streams[i % 3], [event], { expectedRevision: 'any' });
            if (i % 7 === 0) await sleep(1);
          }
        })();

        const received: string[] = [];
        while (received.length < 30) {
          const [event] = await follower.take(1);
          received.push(event.eventId);
          await sleep(received.length % 5 === 0 ? 5 : 0);
        }
        await appending;

        expect(received).toEqual(appended);
        await expect(follower.abortAndDrain()).resolves.toEqual([]);
      });

      it('given more events than one read batch, when subscribing from before them, then all arrive in order', async () => {
        const stream = aStream();
        const start = await store.headPosition();
        const batch = Array.from({ length: 1201 }, (_, i) => anEvent({ summary: `bulk ${i}` }));
        await store.append(stream, batch, { expectedRevision: 'no_stream' });

        const received = await follow([stream], start).take(1201);

        expect(received.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
      }, 30_000);

      it('given a subscriber in the middle of a batch of events, when it aborts, then no further event is delivered', async () => {
        const stream = aStream();
        const start = await store.headPosition();
        const events = [anEvent(), anEvent(), anEvent()];
        await store.append(stream, events, { expectedRevision: 'no_stream' });
        const controller = new AbortController();

        const received: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of store.subscribe({ fromPosition: start, signal: controller.signal })) {
            if (event.stream !== stream) continue;
            received.push(event);
            controller.abort();
          }
        })();
        await within(consuming, 'the subscription to end after abort');

        expect(received.map((e) => e.eventId)).toEqual([events[0].eventId]);
      });

      it('given an already aborted signal, when subscribing, then the subscription ends without events', async () => {
        await aStreamWith(2);
        const controller = new AbortController();
        controller.abort();

        const received: RecordedEvent[] = [];
        for await (const event of store.subscribe({ signal: controller.signal })) received.push(event);

        expect(received).toEqual([]);
      });
    });

    /** A fresh stream holding `count` events. */
    async function aStreamWith(count: number): Promise<string> {
      const stream = aStream();
      const events = Array.from({ length: count }, () => anEvent());
      await store.append(stream, events, { expectedRevision: 'no_stream' });
      return stream;
    }

    /** The stream still holds exactly `length` events and none of `events` is anywhere in the store. */
    async function expectNotStored(
      stream: string,
      length: number,
      ...events: EventToAppend[]
    ): Promise<void> {
      expect(await store.readStream(stream)).toHaveLength(length);
      for (const event of events) await expect(store.findEvent(event.eventId)).resolves.toBeUndefined();
    }
  });
}

// Below jest's 5 s test timeout, so the message names what was awaited.
const WAIT_MS = 2000;

/** Reads a subscription, keeping only the events of the test's own streams. */
class Follower {
  private readonly controller = new AbortController();
  private readonly iterator: AsyncIterator<RecordedEvent>;

  constructor(
    store: EventStore,
    private readonly streams: string[],
    fromPosition: string | undefined,
  ) {
    this.iterator = store.subscribe({ fromPosition, signal: this.controller.signal })[Symbol.asyncIterator]();
  }

  async take(count: number): Promise<RecordedEvent[]> {
    const taken: RecordedEvent[] = [];
    while (taken.length < count) {
      const next = await within(this.iterator.next(), `event ${taken.length + 1} of ${count}`);
      if (next.done) throw new Error(`the subscription ended after ${taken.length} of ${count} events`);
      if (this.streams.includes(next.value.stream)) taken.push(next.value);
    }
    return taken;
  }

  abort(): void {
    this.controller.abort();
  }

  /**
   * Waits a moment for anything more (a repeated event would show up here), then aborts while the
   * subscription waits, and resolves with what arrived once it has ended — failing if it does not end.
   */
  async abortAndDrain(): Promise<RecordedEvent[]> {
    const extra: RecordedEvent[] = [];
    const draining = (async () => {
      for (let next = await this.iterator.next(); !next.done; next = await this.iterator.next()) {
        if (this.streams.includes(next.value.stream)) extra.push(next.value);
      }
    })();
    await sleep(100);
    this.abort();
    await within(draining, 'the subscription to end after abort');
    return extra;
  }
}

function aStream(): string {
  return `relationship-contract-${randomUUID()}`;
}

/**
 * A StatementIssued between AZ and CN, stamped as the service would stamp it (hashes are not checked by a
 * store).
 */
export function anEvent(options: { summary?: string; type?: EventType } = {}): EventToAppend {
  return {
    eventId: randomUUID(),
    type: options.type ?? 'StatementIssued',
    payload: {
      actors: ['AZ', 'CN'],
      occurredOn: '2024-07-03',
      data: { by: 'AZ', summary: options.summary ?? 'a statement' },
      sources: [
        { publisher: 'Ministry of Foreign Affairs of Azerbaijan', url: 'https://mfa.gov.az/en/news/1' },
      ],
      note: 'contract test',
    },
    metadata: {
      recordedAt: '2024-07-04T10:15:30.123Z',
      recordedBy: 'recorder',
      schemaVersion: 1,
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    },
  };
}

/** An event whose payload exercises JSON: non-ASCII, escapes, numbers, nulls, empty and nested values. */
function richEvent(): EventToAppend {
  const event = anEvent();
  return {
    ...event,
    payload: {
      ...event.payload,
      occurredOn: '2025-04-22/2025-04-24',
      data: {
        by: 'CN',
        speaker: { name: 'Hikmət Hacıyev', title: 'Assistant to the President' },
        summary: 'Üç "quoted" words, a 🇦🇿 flag, a back\\slash,\nand a new line',
        figures: [0, 1.5, -2, 12345678901234, 1e-7],
        nested: { empty: [], nothing: null, yes: true, deep: { list: [{ a: 1 }, 'two'] } },
      },
      sources: [
        {
          publisher: 'Xinhua',
          url: 'https://example.org/a?x=1&y=2',
          title: '外交部',
          publishedOn: '2025-04-22',
        },
        { publisher: 'APA', citing: 'Xinhua' },
      ],
    },
    metadata: { ...event.metadata, recordedBy: 'analyst@example.org', schemaVersion: 1 },
  };
}

/** The same value with every object's keys in reverse order. */
function reorderKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => reorderKeys(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, reorderKeys(item)])) as T;
}

function only(streams: string[], events: RecordedEvent[]): RecordedEvent[] {
  return events.filter((e) => streams.includes(e.stream));
}

function expectStrictlyIncreasing(positions: string[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(BigInt(positions[i])).toBeGreaterThan(BigInt(positions[i - 1]));
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** `promise`, or a failure naming what was awaited after WAIT_MS — so a broken store fails, not hangs. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
