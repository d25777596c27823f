import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@app/domain';
import { ChainVerifier } from './chain-verification';
import { genesisHash } from './hash-chain';
import { payloadTexts, stampBatch } from './stamp-batch';

const stamp = { recordedAt: '2024-07-04T10:15:30.123Z', recordedBy: 'recorder', schemaVersion: 1 };

function fact(summary: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'StatementIssued',
    payload: {
      actors: ['AZ', 'CN'],
      occurredOn: '2024-07-03',
      data: { by: 'AZ', summary },
      sources: [{ publisher: 'x' }],
    },
  };
}

function recorded(
  stream: string,
  events: ReturnType<typeof stampBatch>['events'],
  from: bigint,
): RecordedEvent[] {
  return events.map((e, i) => ({
    ...e,
    stream,
    revision: from + BigInt(i),
    position: String(from + BigInt(i) + 1n),
  }));
}

describe('stampBatch: the one stamping of a write', () => {
  test('a new stream: revision 0 chains from the hash of the stream name, each event from the one before, and the stamp is on each', () => {
    const stream = 'relationship-AZ-CN';
    const { events, head } = stampBatch(stream, { revision: -1n }, [fact('a'), fact('b'), fact('c')], stamp);

    expect(events[0].metadata.prevHash).toBe(genesisHash(stream));
    expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
    expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
    for (const e of events) expect(e.metadata).toMatchObject(stamp);
    expect(head).toEqual({ revision: 2n, headHash: events[2].metadata.hash });
    const verifier = new ChainVerifier();
    for (const e of recorded(stream, events, 0n)) expect(verifier.add(e)).toBe(true);
  });

  test('a batch after a head continues its chain: stamped in two batches or in one, the same hashes', () => {
    const stream = 'relationship-AZ-CN';
    const facts = [fact('a'), fact('b'), fact('c')];
    const whole = stampBatch(stream, { revision: -1n }, facts, stamp);
    const first = stampBatch(stream, { revision: -1n }, facts.slice(0, 1), stamp);
    const rest = stampBatch(stream, first.head, facts.slice(1), stamp);

    expect([...first.events, ...rest.events]).toEqual(whole.events);
    expect(rest.head).toEqual(whole.head);
  });

  test("a payload's texts computed ahead give the same stamped events, with its JSON for the store; only for that payload object", () => {
    const stream = 'relationship-AZ-CN';
    const [a, b] = [fact('a'), fact('b')];
    const plain = stampBatch(stream, { revision: -1n }, [a, b], stamp);
    const known = { payload: a.payload, texts: payloadTexts(structuredClone(a.payload)) };
    const ahead = stampBatch(stream, { revision: -1n }, [a, b], stamp, known);

    expect(ahead.events).toEqual([
      { ...plain.events[0], payloadJson: JSON.stringify(a.payload) },
      plain.events[1],
    ]);
    expect(ahead.head).toEqual(plain.head);
    const copy = { ...a, payload: structuredClone(a.payload) };
    expect(stampBatch(stream, { revision: -1n }, [copy], stamp, known).events[0]).not.toHaveProperty(
      'payloadJson',
    );
  });
});
