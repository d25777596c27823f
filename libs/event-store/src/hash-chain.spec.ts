import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import type { EventMetadata, NewEvent } from '@app/domain';
import { canonicalPayload, chainHash, genesisHash, hashedFields, hashedText, sha256Hex } from './hash-chain';

interface Recorded {
  event: NewEvent;
  stream: string;
  revision: bigint;
  meta: EventMetadata;
}

const recorded: Recorded = {
  event: {
    eventId: '6f1c2f9e-8b1d-4c51-9d0e-2f5b8a0c7e11',
    type: 'PartnershipDeclared',
    payload: {
      actors: ['AZ', 'CN'],
      occurredOn: '2024-07-03',
      data: { level: 'strategic partnership', instrument: 'Joint Declaration', venue: 'Astana' },
      sources: [{ publisher: 'president.az', url: 'https://president.az/en/articles/view/66661' }],
      note: 'signed on the margins of the SCO summit',
    },
  },
  stream: 'relationship-AZ-CN',
  revision: 3n,
  meta: {
    recordedAt: '2024-07-04T08:00:00.000Z',
    recordedBy: 'analyst',
    schemaVersion: 1,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  },
};

const PREV = sha256Hex('previous event');

function hashOf(r: Recorded, prevHash = PREV): string {
  return chainHash(prevHash, hashedFields(r.event, r.stream, r.revision, r.meta));
}

function withPayload(r: Recorded, change: Partial<NewEvent['payload']>): Recorded {
  return { ...r, event: { ...r.event, payload: { ...r.event.payload, ...change } } };
}

describe('hash chain', () => {
  it('given a stream, then its genesis hash is the hex sha256 of the stream name', () => {
    expect(genesisHash('relationship-AZ-CN')).toBe(
      'e3b975eaad99e6e311a8209634f5742255d121effa1767de450d76e3deb05d5b',
    );
    expect(genesisHash('relationship-AM-AZ')).toBe(
      createHash('sha256').update('relationship-AM-AZ').digest('hex'),
    );
  });

  it('then chainHash is the hex sha256 of prevHash followed by the RFC 8785 canonical JSON of the fields', () => {
    // sha256('abc{"a":2,"b":[1,"x"]}'): keys sorted, no whitespace.
    expect(chainHash('abc', { b: [1, 'x'], a: 2 })).toBe(
      '76ec5cb864e0b49ba7039ca28ba9e8950fe30a13f1771b5da67c1600f5cc152e',
    );
  });

  it('then the hashed fields are the event, its stream and revision and the service stamp, flat — not position, prevHash or hash', () => {
    const { event, stream, revision, meta } = recorded;
    expect(hashedFields(event, stream, revision, meta)).toStrictEqual({
      eventId: event.eventId,
      type: event.type,
      stream,
      revision: 3,
      actors: ['AZ', 'CN'],
      occurredOn: '2024-07-03',
      data: event.payload.data,
      sources: event.payload.sources,
      note: event.payload.note,
      recordedAt: meta.recordedAt,
      recordedBy: meta.recordedBy,
      schemaVersion: 1,
    });
  });

  const changes: Array<[string, (r: Recorded) => Recorded]> = [
    ['eventId', (r) => ({ ...r, event: { ...r.event, eventId: '00000000-0000-4000-8000-000000000000' } })],
    ['type', (r) => ({ ...r, event: { ...r.event, type: 'StatementIssued' } })],
    ['stream', (r) => ({ ...r, stream: 'relationship-AZ-TR' })],
    ['revision', (r) => ({ ...r, revision: 4n })],
    ['actors', (r) => withPayload(r, { actors: ['AZ', 'TR'] })],
    ['occurredOn', (r) => withPayload(r, { occurredOn: '2024-07' })],
    ['a field deep in data', (r) => withPayload(r, { data: { ...r.event.payload.data, venue: 'Baku' } })],
    ['sources', (r) => withPayload(r, { sources: [{ publisher: 'Xinhua' }] })],
    ['note', (r) => withPayload(r, { note: 'edited' })],
    ['the absence of a note', (r) => withPayload(r, { note: undefined })],
    ['recordedAt', (r) => ({ ...r, meta: { ...r.meta, recordedAt: '2024-07-04T08:00:00.001Z' } })],
    ['recordedBy', (r) => ({ ...r, meta: { ...r.meta, recordedBy: 'someone else' } })],
    ['schemaVersion', (r) => ({ ...r, meta: { ...r.meta, schemaVersion: 2 } })],
  ];

  it.each(changes)('given a recorded event, when its %s changes, then its hash changes', (_, change) => {
    expect(hashOf(change(recorded))).not.toBe(hashOf(recorded));
  });

  it('given a recorded event, when only the stored prevHash or hash in its metadata differ, then its hash is the same (they are not hashed fields)', () => {
    const restamped = {
      ...recorded,
      meta: { ...recorded.meta, prevHash: 'c'.repeat(64), hash: 'd'.repeat(64) },
    };
    expect(hashOf(restamped)).toBe(hashOf(recorded));
  });

  it('given the same payload with its keys in another order, then the hash is the same (canonical JSON)', () => {
    const { actors, occurredOn, data, sources, note } = recorded.event.payload;
    const reordered = withPayload(recorded, {});
    reordered.event.payload = {
      note,
      sources: sources.map(({ url, publisher }) => ({ url, publisher })),
      data: Object.fromEntries(Object.entries(data).reverse()),
      occurredOn,
      actors,
    };
    expect(JSON.stringify(reordered.event.payload)).not.toBe(JSON.stringify(recorded.event.payload));

    expect(hashOf(reordered)).toBe(hashOf(recorded));
  });

  it('given the same fields, when the previous hash differs, then the hash differs (each link commits to the one before)', () => {
    expect(hashOf(recorded, sha256Hex('another previous event'))).not.toBe(hashOf(recorded, PREV));
    expect(hashOf(recorded, genesisHash(recorded.stream))).not.toBe(hashOf(recorded, PREV));
  });

  it('given the same inputs, then the hash is the same every time', () => {
    expect(hashOf(structuredClone(recorded))).toBe(hashOf(recorded));
  });
});

describe('the hashed text built from a payload canonicalised ahead (an import parses on other threads)', () => {
  const { event, stream, revision, meta } = recorded;
  const built = (payload: object) => hashedText(canonicalPayload(payload)!, event, stream, revision, meta);
  const reference = (payload: object) =>
    canonicalize(hashedFields({ ...event, payload: payload as NewEvent['payload'] }, stream, revision, meta));

  it('given an event, then it is the canonical JSON of its hashed fields: the hash verification recomputes', () => {
    expect(built(event.payload)).toBe(reference(event.payload));
    expect(sha256Hex(PREV + built(event.payload))).toBe(hashOf(recorded));
  });

  it("given any JSON payload, with keys sorting before, between and after the stamp's, then the same text", () => {
    const key = fc.oneof(
      fc.constantFrom(
        'actors',
        'data',
        'note',
        'occurredOn',
        'sources',
        'a',
        'eventIdx',
        'recordedC',
        'revisio',
      ),
      fc.constantFrom('s', 'streams', 'typ', 'types', 'z', '', 'é', '\u0000', '"', 'ア', 'A', '10', '2'),
      fc.string(),
    );
    const payload = fc.dictionary(key, fc.oneof(fc.jsonValue(), fc.constant(undefined)));
    fc.assert(
      fc.property(payload, (p) => {
        fc.pre(canonicalPayload(p) !== undefined);
        expect(built(p)).toBe(reference(p));
      }),
      { numRuns: 500 },
    );
  });

  it.each(['eventId', 'type', 'stream', 'revision', 'recordedAt', 'recordedBy', 'schemaVersion', 'toJSON'])(
    'given a payload holding %s (which the stamp overrides, or canonicalize would call), then it is left to hashedFields',
    (reserved) => {
      expect(canonicalPayload({ ...event.payload, [reserved]: 'x' })).toBeUndefined();
    },
  );
});
