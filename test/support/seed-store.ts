import { parseFactInput, SCHEMA_VERSION, streamOf } from '@app/domain';
import { ChainHead, EventStore, EventToAppend, SqliteEventStore, stampBatch } from '@app/event-store';

const CODES = [
  'AZ',
  'CN',
  'FR',
  'IN',
  'DE',
  'JP',
  'BR',
  'ZA',
  'KE',
  'NG',
  'MX',
  'US',
  'GB',
  'IT',
  'ES',
  'PT',
  'NL',
  'BE',
  'SE',
  'NO',
];

/** The first `count` pairs of a fixed list of states. */
export function pairs(count: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < CODES.length && out.length < count; i++) {
    for (let j = i + 1; j < CODES.length && out.length < count; j++) out.push([CODES[i], CODES[j]]);
  }
  return out;
}

/**
 * Writes `events` valid, hash-chained events straight into an event store file, as the service would
 * have recorded them (a few types, dates spread over 1950–2019, some of reduced precision), in appends of
 * up to `batch` events per stream. For tests that need a large log quickly.
 */
export async function seedStore(path: string, events: number, pairCount: number, batch = 500): Promise<void> {
  const store = SqliteEventStore.open({ path, synchronous: 'NORMAL' });
  try {
    await seedEvents(store, events, pairCount, { batch });
  } finally {
    await store.close();
  }
}

/** One source, or as many with long addresses as make up `paddingChars` (2000 characters an address). */
function sourcesOf(paddingChars: number): { publisher: string; url?: string }[] {
  if (paddingChars === 0) return [{ publisher: 'Seeded for a test' }];
  return Array.from({ length: Math.ceil(paddingChars / 2000) }, (_, i) => ({
    publisher: 'Seeded for a test',
    url: `https://example.org/${i}/${'a'.repeat(2000)}`,
  }));
}

/** Options of `seedEvents`. */
export interface SeedOptions {
  /** Events per flush: each stream's share of them is one append (default 500). */
  batch?: number;
  /**
   * About this many more characters on each event, as the addresses of its sources (none by default):
   * larger events, fewer needed — and no more words for the search's index, which leaves addresses out.
   */
  paddingChars?: number;
}

/** The same events as `seedStore`, appended to a store of either kind, as the service would have. */
export async function seedEvents(
  store: EventStore,
  events: number,
  pairCount: number,
  { batch = 500, paddingChars = 0 }: SeedOptions = {},
): Promise<void> {
  const heads = new Map<string, ChainHead>();
  const list = pairs(pairCount);
  let pending = new Map<string, EventToAppend[]>();
  const flush = async () => {
    for (const [stream, toAppend] of pending) {
      const before = heads.get(stream)!.revision - BigInt(toAppend.length);
      await store.append(stream, toAppend, { expectedRevision: before === -1n ? 'no_stream' : before });
    }
    pending = new Map();
  };
  for (let i = 0; i < events; i++) {
    const [a, b] = list[i % list.length];
    const stream = streamOf(a, b);
    const year = 1950 + ((i * 7) % 70);
    const kind = i % 4;
    const fact = parseFactInput({
      type: kind === 0 ? 'PartnershipDeclared' : kind === 1 ? 'RepresentationChanged' : 'StatementIssued',
      actors: [a, b],
      occurredOn:
        i % 3 === 0
          ? String(year)
          : `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      data:
        kind === 0
          ? { level: ['partnership', 'strategic partnership', 'comprehensive strategic partnership'][i % 3] }
          : kind === 1
            ? { sender: a, mission: ['embassy', 'legation', 'none'][i % 3] }
            : { by: b, summary: `Statement number ${i} on bilateral cooperation.` },
      sources: sourcesOf(paddingChars),
    });
    const head = heads.get(stream) ?? { revision: -1n };
    const event = {
      eventId: `5eed0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: fact.type,
      payload: fact.payload,
    };
    const meta = {
      recordedAt: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
      recordedBy: 'seed',
      schemaVersion: SCHEMA_VERSION,
    };
    const stamped = stampBatch(stream, head, [event], meta);
    heads.set(stream, stamped.head);
    const queue = pending.get(stream) ?? [];
    queue.push(...stamped.events);
    pending.set(stream, queue);
    if ((i + 1) % batch === 0) await flush();
  }
  await flush();
}
