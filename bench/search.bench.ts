import { join } from 'node:path';
import Database from 'better-sqlite3';
import { serviceOptions, type ServiceFiles } from './servers/servers-under-test';
import { startChildServer } from './support/child-server';
import { freeLoopbackPort } from './support/free-port';
import { buildStore, planPairs, prng, type LargeStorePlan } from './support/large-store';
import { completeProjection, fileBytes } from './support/projection-steps';
import { formatCount, formatRatio } from './support/stats';
import type { Table } from './support/table';
import { withTempDir } from './support/temp-dir';
import { megabytes, type Goal } from './report/goals';

/**
 * The search (GET /v1/events, docs/search.md) over the read-path bench's store of 1 000 000 events:
 * projected (in this process, with the service's own library), then served by the built service, one
 * request at a time. Each kind of query p50/p99 over its requests: states + type + period; words (`q`);
 * words with narrow other filters (a state and a period); no filter at all (the first page of everything);
 * a word nearly every fact holds. Beside the words, SQLite's own FTS5 query for the same words on the same
 * index (`MATCH … ORDER BY rank LIMIT 50`, no join, no rendering): the floor of any `q` query here.
 */
const SEED = 20_261_128; // the read-path bench's store

export interface LatencyFigures {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  meanItems: number;
}

export interface SearchResults {
  bench: 'search';
  quick: boolean;
  events: number;
  logBytes: number;
  readModelBytes: number;
  /** Bytes of the search's full-text index and of its indexes on the fact rows (dbstat), within readModelBytes. */
  searchBytes: number;
  projectionSeconds: number;
  structured: LatencyFigures;
  words: LatencyFigures;
  /** SQLite's FTS5 query alone for the same words, in process. */
  ftsReference: LatencyFigures;
  /** Words and a state and a period: few of the words' matches pass. */
  wordsNarrowed: LatencyFigures;
  /** No parameter: the first page of every fact. */
  everything: LatencyFigures;
  /** One word that nearly every fact holds, alone. */
  commonWord: LatencyFigures;
  /** SQLite's FTS5 query alone for that word. */
  ftsCommonWord: LatencyFigures;
}

const NAMES = ['Rahimov', 'Chen', 'Dubois', 'Osei', 'Novak', 'Silva', 'Tanaka', 'Kowalski'];
const TOPICS = ['trade', 'energy', 'transport', 'culture', 'security', 'education', 'climate', 'health'];
const TYPES = ['StatementIssued', 'MeetingHeld', 'AgreementSigned', 'PositionStated', 'VisaPolicyChanged'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function figures(ms: number[], items: number[]): LatencyFigures {
  return {
    requests: ms.length,
    p50Ms: percentile(ms, 50),
    p99Ms: percentile(ms, 99),
    meanItems: items.reduce((a, b) => a + b, 0) / items.length,
  };
}

/** Queries of states + type + period: one state of the store, one type, a span of 1 to 10 years. */
function structuredQueries(plan: LargeStorePlan, count: number): string[] {
  const random = prng(SEED + 30);
  const codes = [...new Set(planPairs(plan).flat())];
  return Array.from({ length: count }, () => {
    const from = 1950 + Math.floor(random() * 70);
    const to = from + 1 + Math.floor(random() * 10);
    const actor = codes[Math.floor(random() * codes.length)];
    return `actor=${actor}&type=${TYPES[Math.floor(random() * TYPES.length)]}&from=${from}&to=${to}`;
  });
}

/**
 * Words: half a name and a topic (thousands of matches to rank), half a pair and a year as the generated
 * summaries write them (a few matches).
 */
function wordQueries(plan: LargeStorePlan, count: number): string[] {
  const random = prng(SEED + 31);
  const pairs = planPairs(plan);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 0) return `${pick(NAMES)} ${pick(TOPICS)}`;
    const [a, b] = pick(pairs);
    return `${a} ${b} ${1995 + Math.floor(random() * 30)}`;
  });
}

/** Words (a name and a topic) with a state and a span of 1 to 10 years: a few of the words' matches pass. */
function narrowedWordQueries(plan: LargeStorePlan, count: number): { q: string; query: string }[] {
  const random = prng(SEED + 32);
  const codes = [...new Set(planPairs(plan).flat())];
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, () => {
    const q = `${pick(NAMES)} ${pick(TOPICS)}`;
    const from = 1950 + Math.floor(random() * 70);
    const to = from + 1 + Math.floor(random() * 10);
    return { q, query: `q=${encodeURIComponent(q)}&actor=${pick(codes)}&from=${from}&to=${to}` };
  });
}

/** Words that nearly every generated fact holds (its source's publisher, "Ministry of Foreign Affairs"). */
const COMMON_WORDS = ['ministry', 'foreign', 'affairs'];

async function timeRequests(url: string, paths: string[]): Promise<LatencyFigures> {
  const ms: number[] = [];
  const items: number[] = [];
  for (const path of paths.slice(0, 10)) await fetch(url + path).then((r) => r.text()); // warm up
  for (const path of paths) {
    const began = performance.now();
    const res = await fetch(url + path);
    const body = (await res.json()) as { items?: unknown[] };
    ms.push(performance.now() - began);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    items.push(body.items!.length);
  }
  return figures(ms, items);
}

function ftsReference(readModelPath: string, words: string[]): LatencyFigures {
  const db = new Database(readModelPath, { readonly: true });
  try {
    const query = db.prepare(
      'SELECT rowid FROM search_text WHERE search_text MATCH ? ORDER BY rank LIMIT 50',
    );
    const match = (q: string) =>
      q
        .toLowerCase()
        .split(' ')
        .map((t) => `"${t}"`)
        .join(' AND ');
    const ms: number[] = [];
    const items: number[] = [];
    for (const q of words.slice(0, 10)) query.all(match(q));
    for (const q of words) {
      const began = performance.now();
      const rows = query.all(match(q));
      ms.push(performance.now() - began);
      items.push(rows.length);
    }
    return figures(ms, items);
  } finally {
    db.close();
  }
}

function searchBytes(readModelPath: string): number {
  const db = new Database(readModelPath, { readonly: true });
  try {
    const row = db
      // The full-text index and the fact rows' indexes that serve the search only (its columns in `facts`
      // cannot be told apart).
      .prepare<[], { bytes: number }>(
        `SELECT sum(pgsize) AS bytes FROM dbstat
         WHERE name LIKE 'search%' OR name IN ('facts_by_type', 'facts_by_relationship_type', 'facts_by_opened')`,
      )
      .get();
    return row?.bytes ?? 0;
  } finally {
    db.close();
  }
}

export async function runSearchBench(quick: boolean, print = console.error): Promise<SearchResults> {
  const began = performance.now();
  const log = (line: string) => print(`${line}  [${((performance.now() - began) / 1000).toFixed(0)} s]`);
  const plan: LargeStorePlan = quick
    ? { events: 20_000, relationships: 500, heavyEvents: 0, seed: SEED }
    : { events: 1_000_000, relationships: 10_000, heavyEvents: 0, seed: SEED };
  const requests = quick ? 40 : 400;
  return withTempDir('bench-search', async (dir) => {
    log(`search: ${formatCount(plan.events)} events over ${formatCount(plan.relationships)} relationships`);
    const built = await buildStore(join(dir, 'timeline.db'), plan);
    const files: ServiceFiles = { sqlitePath: built.path, readModelPath: join(dir, 'read-models.db') };
    log('  projecting (in process, the service library)');
    const projected = await completeProjection(files, 250_000);
    const server = await startChildServer({
      ...serviceOptions(await freeLoopbackPort(), files),
      startTimeoutMs: 120_000,
    });
    try {
      const words = wordQueries(plan, requests);
      log('  states + type + period');
      const structured = await timeRequests(
        server.url,
        structuredQueries(plan, requests).map((q) => `/v1/events?${q}`),
      );
      log('  q');
      const wordFigures = await timeRequests(
        server.url,
        words.map((q) => `/v1/events?q=${encodeURIComponent(q)}`),
      );
      log("  SQLite's FTS5 query alone");
      const reference = ftsReference(files.readModelPath, words);
      log('  q + actor + from/to');
      const narrowed = narrowedWordQueries(plan, requests);
      const wordsNarrowed = await timeRequests(
        server.url,
        narrowed.map(({ query }) => `/v1/events?${query}`),
      );
      // The slow kinds, if they are, with fewer requests: each the same query over and over.
      const few = Math.max(10, requests / 10);
      log('  no filter: the first page');
      const everything = await timeRequests(server.url, Array(few).fill('/v1/events'));
      log('  q: a word of nearly every fact');
      const common = Array.from({ length: few }, (_, i) => COMMON_WORDS[i % COMMON_WORDS.length]);
      const commonWord = await timeRequests(
        server.url,
        common.map((q) => `/v1/events?q=${q}`),
      );
      const ftsCommonWord = ftsReference(files.readModelPath, common);
      return {
        bench: 'search',
        quick,
        events: built.events,
        logBytes: built.bytes,
        readModelBytes: fileBytes(files.readModelPath),
        searchBytes: searchBytes(files.readModelPath),
        projectionSeconds: projected.seconds,
        structured,
        words: wordFigures,
        ftsReference: reference,
        wordsNarrowed,
        everything,
        commonWord,
        ftsCommonWord,
      };
    } finally {
      await server.stop();
    }
  });
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

export function searchTable(r: SearchResults): Table {
  const row = (name: string, f: LatencyFigures) => [
    name,
    formatCount(f.requests),
    ms(f.p50Ms),
    ms(f.p99Ms),
    f.meanItems.toFixed(1),
  ];
  return {
    title: `Search over ${formatCount(r.events)} events (one request at a time)`,
    head: ['query', 'requests', 'p50', 'p99', 'items (mean)'],
    rows: [
      row('actor + type + from/to (HTTP)', r.structured),
      row('q: words (HTTP)', r.words),
      row("q: SQLite's FTS5 query alone (in process)", r.ftsReference),
      row('q + actor + from/to (HTTP)', r.wordsNarrowed),
      row('no filter: the first page (HTTP)', r.everything),
      row(`q: a word of nearly every fact, ${COMMON_WORDS.join('/')} (HTTP)`, r.commonWord),
      row("q: that word, SQLite's FTS5 query alone (in process)", r.ftsCommonWord),
    ],
  };
}

export function searchGoals(r: SearchResults): Goal[] {
  return [
    {
      goal: `search, ${formatCount(r.events)} events: actor+type+period p99 ≤ 50 ms`,
      figure: ms(r.structured.p99Ms),
      met: r.structured.p99Ms <= 50,
    },
    {
      goal: `search, ${formatCount(r.events)} events: q p99 ≤ 100 ms`,
      figure: ms(r.words.p99Ms),
      met: r.words.p99Ms <= 100,
      note: `SQLite's FTS5 query alone: p99 ${ms(r.ftsReference.p99Ms)}`,
    },
    {
      goal: `${formatCount(r.events)} events: read models ≤ 1.0 × the event log, search included`,
      figure: formatRatio(r.readModelBytes / r.logBytes),
      met: r.readModelBytes <= r.logBytes,
      note: `${megabytes(r.readModelBytes)} against ${megabytes(r.logBytes)}; the search's tables ${megabytes(r.searchBytes)}`,
    },
  ];
}
