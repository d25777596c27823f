import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import canonicalize from 'canonicalize';
import countries from 'i18n-iso-countries';
import Database from 'better-sqlite3';
import { parseFactInput, SCHEMA_VERSION, type EventPayload, type EventType } from '@app/domain';
import {
  ChainVerifier,
  chainHash,
  genesisHash,
  hashedFields,
  SqliteEventStore,
  type EventToAppend,
} from '@app/event-store';

/**
 * A large, realistic log for the read-path benches, generated deterministically (a seeded PRNG) and
 * written straight into an event-store file as test/support/seed-store.ts does it (valid,
 * hash-chained events, synchronous=NORMAL, large batches), but over the 250 ISO 3166-1 codes of i18n-iso-countries (31 125 possible pairs) and fast
 * enough for a million events: payloads are built in the normalised form the API would store, and a
 * sample of them is checked against the API's own parser (parseFactInput) on every run.
 *
 * Each relationship opens with DiplomaticRelationsEstablished (1945–1995), then a mix of a few types
 * whose dates mostly move forward in time as they are recorded (gaps spread to reach 2025), with
 * one event in ten backfilled at an earlier date and about one in four of reduced precision (a year,
 * or a year and month). Relationships interleave at random in the log; one "heavy" pair (AZ-CN) holds
 * a fixed number of events, for the knownAt bench.
 */
export interface LargeStorePlan {
  events: number;
  relationships: number;
  /** Events of the heavy pair (AZ-CN), included in `events`; 0 for none (every pair its even share). */
  heavyEvents: number;
  seed: number;
}

export const HEAVY_PAIR: readonly [string, string] = ['AZ', 'CN'];

/** Record times run evenly from here over two years, in log order (all in the past). */
const RECORDED_FROM = Date.UTC(2024, 0, 1);
const RECORDED_SPAN_MS = 2 * 365 * 86_400_000;
const DAY_MS = 86_400_000;
const FIRST_ESTABLISHED = Date.UTC(1945, 0, 1) / DAY_MS;
const LAST_ESTABLISHED = Date.UTC(1995, 11, 31) / DAY_MS;
const LAST_DATE = Date.UTC(2025, 5, 30) / DAY_MS;
const BACKFILL_SHARE = 0.1;

/** mulberry32: small, fast, good enough to spread test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

function uuid(random: () => number): string {
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(random() * 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    if (i === 8) byte = (byte & 0x3f) | 0x80;
    hex.push(byte.toString(16).padStart(2, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The 250 ISO 3166-1 alpha-2 codes the service knows (i18n-iso-countries), sorted. */
export function isoCodes(): string[] {
  return Object.keys(countries.getAlpha2Codes()).sort();
}

/** `count` distinct pairs (codes sorted within a pair) drawn from all 31 125, the heavy pair first. */
export function choosePairs(count: number, random: () => number, withHeavy = true): [string, string][] {
  const codes = isoCodes();
  const heavy = HEAVY_PAIR.join('-');
  const all: [string, string][] = [];
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      if (`${codes[i]}-${codes[j]}` !== heavy) all.push([codes[i], codes[j]]);
    }
  }
  if (count > all.length + 1) throw new RangeError(`at most ${all.length + 1} relationships, asked ${count}`);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return withHeavy ? [[HEAVY_PAIR[0], HEAVY_PAIR[1]], ...all.slice(0, count - 1)] : all.slice(0, count);
}

const NAMES = [
  'A. Rahimov',
  'L. Chen',
  'M. Dubois',
  'K. Osei',
  'S. Novak',
  'R. Silva',
  'E. Tanaka',
  'J. Kowalski',
];
const TITLES = ['Minister of Foreign Affairs', 'President', 'Prime Minister', 'Deputy Foreign Minister'];
const TOPICS = ['trade', 'energy', 'transport', 'culture', 'security', 'education', 'climate', 'health'];
const POSITION_TOPICS = [
  'UN Security Council reform',
  'regional security',
  'climate finance',
  'WTO accession',
];
const PARTNERSHIPS = [
  'partnership',
  'comprehensive partnership',
  'strategic partnership',
  'comprehensive strategic partnership',
];
const MISSIONS = ['embassy', 'embassy', 'embassy', 'consulate', 'legation', 'liaison-office'] as const;
const AGREEMENT_KINDS = ['agreement', 'treaty', 'memorandum', 'protocol'] as const;
const REGIMES = ['visa-required', 'e-visa', 'visa-on-arrival', 'visa-free'] as const;
const SUMMARY =
  'The ministry welcomes the talks and expects them to deepen cooperation in trade, energy and culture, ' +
  'and notes the agreements reached by the two delegations.';

/** A generated event in log order: where it goes and what it says (normalised, as the API stores it). */
export interface GeneratedEvent {
  pair: [string, string];
  stream: string;
  revision: number;
  eventId: string;
  type: EventType;
  payload: EventPayload;
  recordedAt: string;
}

interface PairCursor {
  pair: [string, string];
  total: number;
  revision: number;
  /** The date (days since 1970) the relationship's record has reached. */
  frontier: number;
  established: number;
  agreements: number;
}

function isoDay(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** A date at full precision mostly, else a year-month or a year (reduced precision: a period). */
function occurredOn(days: number, random: () => number): string {
  const day = isoDay(days);
  const r = random();
  return r < 0.12 ? day.slice(0, 4) : r < 0.25 ? day.slice(0, 7) : day;
}

function dataFor(
  type: EventType,
  cursor: PairCursor,
  date: string,
  random: () => number,
): Record<string, unknown> {
  const [a, b] = cursor.pair;
  const by = random() < 0.5 ? a : b;
  switch (type) {
    case 'DiplomaticRelationsEstablished':
      return { level: 'embassy' };
    case 'StatementIssued':
      return {
        by,
        speaker: { name: pick(random, NAMES), title: 'MFA spokesperson' },
        summary: `${SUMMARY} (${a}-${b}, ${date})`,
      };
    case 'MeetingHeld':
      return {
        participants: [
          { name: pick(random, NAMES), title: pick(random, TITLES), actor: a },
          { name: pick(random, NAMES), title: pick(random, TITLES), actor: b },
        ],
        venue: `Capital of ${by}`,
        topics: [pick(random, TOPICS), pick(random, TOPICS)],
      };
    case 'RepresentationChanged':
      return { sender: by, mission: pick(random, MISSIONS), resident: true };
    case 'AgreementSigned': {
      cursor.agreements += 1;
      const kind = pick(random, AGREEMENT_KINDS);
      return {
        agreementId: `${kind}-${date.slice(0, 4)}-${cursor.agreements}`,
        title: `${kind[0].toUpperCase()}${kind.slice(1)} on cooperation in ${pick(random, TOPICS)}`,
        kind,
        areas: [pick(random, TOPICS)],
      };
    }
    case 'PositionStated':
      return { by, topic: pick(random, POSITION_TOPICS), stance: random() < 0.7 ? 'supports' : 'neutral' };
    case 'PartnershipDeclared':
      return { level: pick(random, PARTNERSHIPS) };
    case 'VisaPolicyChanged':
      return { grantedBy: by, beneficiary: by === a ? b : a, regime: pick(random, REGIMES) };
    default:
      throw new Error(`no generator for ${type}`);
  }
}

const MIX: [EventType, number][] = [
  ['StatementIssued', 0.34],
  ['MeetingHeld', 0.18],
  ['AgreementSigned', 0.12],
  ['PositionStated', 0.12],
  ['RepresentationChanged', 0.1],
  ['VisaPolicyChanged', 0.08],
  ['PartnershipDeclared', 0.06],
];

function typeOf(random: () => number): EventType {
  let r = random();
  for (const [type, weight] of MIX) {
    if ((r -= weight) < 0) return type;
  }
  return 'StatementIssued';
}

/** Which relationship each position of the log belongs to: each its share, interleaved at random. */
function logOrder(plan: LargeStorePlan, random: () => number): { order: Uint32Array; totals: number[] } {
  const heavy = plan.heavyEvents > 0 ? 1 : 0;
  const others = plan.relationships - heavy;
  const rest = plan.events - plan.heavyEvents;
  if (others < 1 || rest < others) throw new RangeError('need at least one event per relationship');
  const totals = heavy ? [plan.heavyEvents] : [];
  for (let i = 0; i < others; i++) totals.push(Math.floor(rest / others) + (i < rest % others ? 1 : 0));
  const order = new Uint32Array(plan.events);
  let k = 0;
  totals.forEach((n, pair) => order.fill(pair, k, (k += n)));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return { order, totals };
}

/** The log, event by event, in position order. Deterministic for a given plan. */
export function* generateEvents(plan: LargeStorePlan): Generator<GeneratedEvent> {
  const random = prng(plan.seed);
  const pairs = choosePairs(plan.relationships, random, plan.heavyEvents > 0);
  const { order, totals } = logOrder(plan, random);
  const cursors: PairCursor[] = pairs.map((pair, i) => {
    const established = Math.floor(FIRST_ESTABLISHED + random() * (LAST_ESTABLISHED - FIRST_ESTABLISHED));
    return { pair, total: totals[i], revision: -1, frontier: established, established, agreements: 0 };
  });
  for (let position = 0; position < order.length; position++) {
    const cursor = cursors[order[position]];
    cursor.revision += 1;
    let type: EventType;
    let days: number;
    let date: string;
    if (cursor.revision === 0) {
      type = 'DiplomaticRelationsEstablished';
      days = cursor.established;
      date = isoDay(days);
    } else {
      type = typeOf(random);
      if (random() < BACKFILL_SHARE) {
        days = Math.floor(cursor.established + random() * (cursor.frontier - cursor.established));
      } else {
        // Exponential gaps whose mean spreads the remaining events over the years left.
        const left = Math.max(1, cursor.total - cursor.revision);
        const mean = Math.max(1, (LAST_DATE - cursor.frontier) / left);
        cursor.frontier = Math.min(LAST_DATE, cursor.frontier + Math.round(-Math.log(1 - random()) * mean));
        days = cursor.frontier;
      }
      date = occurredOn(days, random);
    }
    const [a, b] = cursor.pair;
    const publisher = `Ministry of Foreign Affairs (${random() < 0.5 ? a : b})`;
    const payload: EventPayload = {
      actors: [a, b],
      occurredOn: date,
      data: dataFor(type, cursor, date, random),
      sources: [{ publisher, url: 'https://example.org/' }],
    };
    yield {
      pair: cursor.pair,
      stream: `relationship-${a}-${b}`,
      revision: cursor.revision,
      eventId: uuid(random),
      type,
      payload,
      recordedAt: new Date(
        RECORDED_FROM + Math.floor((position * RECORDED_SPAN_MS) / order.length),
      ).toISOString(),
    };
  }
}

/** The pairs of a plan, the heavy pair (if any) first: what the query load picks from. */
export function planPairs(plan: LargeStorePlan): [string, string][] {
  return choosePairs(plan.relationships, prng(plan.seed), plan.heavyEvents > 0);
}

/**
 * Checks the generator against the API's parser: the first `count` events, each parsed as a client's
 * body with parseFactInput, must come back as the very payload generated. Throws on the first that does not.
 */
export function checkAgainstParser(plan: LargeStorePlan, count: number): void {
  let n = 0;
  for (const e of generateEvents(plan)) {
    if (n++ >= count) return;
    const parsed = parseFactInput({ type: e.type, ...e.payload });
    if (
      parsed.type !== e.type ||
      canonicalize(parsed.payload) !== canonicalize(e.payload) ||
      e.stream !== `relationship-${[...e.pair].sort().join('-')}`
    ) {
      throw new Error(
        `the generator's event ${n} is not what the API would store: ${JSON.stringify(e.payload)}`,
      );
    }
  }
}

export interface BuiltStore {
  path: string;
  events: number;
  relationships: number;
  bytes: number;
  seconds: number;
  /** Record times of the heavy pair's events, in order (for knownAt). */
  heavyRecordedAt: string[];
  /** The last record time in the log. */
  lastRecordedAt: string;
}

/**
 * Writes the plan's log into a new event-store file. The table is created by SqliteEventStore itself
 * (then closed); the rows go in with raw prepared INSERTs, `perTransaction` at a time, synchronous=NORMAL
 * and a large page cache — as SqliteEventStore.append would write them (payload and metadata as JSON,
 * the hash chain computed with the service's own chainHash), in log order. The first events are then
 * read back through SqliteEventStore and their chains verified with the service's ChainVerifier.
 */
export async function buildStore(
  path: string,
  plan: LargeStorePlan,
  perTransaction = 50_000,
): Promise<BuiltStore> {
  const started = performance.now();
  await SqliteEventStore.open({ path, synchronous: 'NORMAL' }).close();
  const db = new Database(path);
  const heavyStream = `relationship-${HEAVY_PAIR.join('-')}`;
  const heavyRecordedAt: string[] = [];
  let lastRecordedAt = '';
  let n = 0;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -262144');
    const insert = db.prepare<[string, number, string, string, string, string, string]>(
      `INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const heads = new Map<string, string>();
    const rows: Parameters<typeof insert.run>[] = [];
    const commit = db.transaction(() => rows.forEach((row) => insert.run(...row)));
    for (const e of generateEvents(plan)) {
      const prevHash = heads.get(e.stream) ?? genesisHash(e.stream);
      const meta = { recordedAt: e.recordedAt, recordedBy: 'bench-seed', schemaVersion: SCHEMA_VERSION };
      const event = { eventId: e.eventId, type: e.type, payload: e.payload };
      const hash = chainHash(prevHash, hashedFields(event, e.stream, BigInt(e.revision), meta));
      heads.set(e.stream, hash);
      const metadata: EventToAppend['metadata'] = { ...meta, prevHash, hash };
      rows.push([
        e.stream,
        e.revision,
        e.eventId,
        e.type,
        JSON.stringify(e.payload),
        JSON.stringify(metadata),
        e.recordedAt,
      ]);
      if (e.stream === heavyStream) heavyRecordedAt.push(e.recordedAt);
      lastRecordedAt = e.recordedAt;
      if (++n % perTransaction === 0) {
        commit();
        rows.length = 0;
      }
    }
    commit();
    // Fold the WAL into the file, so that the service opens a settled store.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  await verifyPrefix(path, Math.min(n, 5000));
  return {
    path,
    events: n,
    relationships: plan.relationships,
    bytes: statSync(path).size,
    seconds: (performance.now() - started) / 1000,
    heavyRecordedAt,
    lastRecordedAt,
  };
}

/** Reads the first `count` events through SqliteEventStore and checks their hash chains. */
async function verifyPrefix(path: string, count: number): Promise<void> {
  const store = SqliteEventStore.open({ path, synchronous: 'NORMAL' });
  try {
    const verifier = new ChainVerifier();
    const events = await store.readAll({ limit: count });
    events.forEach((event) => verifier.add(event));
    const report = verifier.report();
    if (!report.ok || report.events !== count) {
      throw new Error(`the built store does not verify: ${JSON.stringify(report.firstBroken)}`);
    }
  } finally {
    await store.close();
  }
}

/** One line of `import`'s API form: what a client would POST, with its eventId. */
export function importLine(e: GeneratedEvent): string {
  return JSON.stringify({
    eventId: e.eventId,
    type: e.type,
    actors: e.payload.actors,
    occurredOn: e.payload.occurredOn,
    data: e.payload.data,
    sources: e.payload.sources,
  });
}

/** Writes the plan's events as NDJSON in the API's JSON form; returns the file's size in bytes. */
export async function writeImportFile(path: string, plan: LargeStorePlan): Promise<number> {
  const out = createWriteStream(path);
  for (const e of generateEvents(plan)) {
    if (!out.write(`${importLine(e)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}
