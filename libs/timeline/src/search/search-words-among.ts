import type { ReadModelFile } from '../read-models/read-model-file';
import type { EventFilter } from './event-filter';
import type { SearchHit } from './search-sql';
import { ftsQuery } from './search-text';
import type { WordsKey } from './search-words';

/**
 * A search with `q` whose other filters leave few facts (docs/search.md, "The index"): the words looked up
 * for each of those facts, instead of the words' matches read in rank order until enough of them pass —
 * "Chen trade" in one state's relationships over a decade is tens of thousands of matches for a handful of
 * facts. The same answer as findByWords (search-words.ts): the same ranks (bm25 reads the index's own
 * statistics, not the rows a query asks for), each fact at its best-ranked version recorded by `knownAt`,
 * in (rank, version) order, a page after `key`.
 *
 * `facts` are the versions open at `knownAt` that pass the other filters (searchSql's rows).
 */
export function findByWordsAmong(
  file: ReadModelFile,
  filter: EventFilter,
  facts: SearchHit[],
  key: WordsKey | undefined,
  limit: number,
): SearchHit[] {
  if (facts.length === 0) return [];
  const known = filter.knownAt === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(filter.knownAt);
  // Every version of those facts recorded by knownAt: any of their texts may hold the words.
  const versions = file
    .prepared(
      `SELECT opened, pos FROM search_facts
       WHERE pos IN (SELECT value FROM json_each(?)) AND opened_ms <= ?`,
    )
    .safeIntegers()
    .all(`[${facts.map((f) => f.pos).join(',')}]`, known) as { opened: bigint; pos: bigint }[];
  const factOf = new Map(versions.map((v) => [v.opened, v.pos]));
  const ranked = file
    .prepared(
      `SELECT rowid AS opened, rank FROM search_text
       WHERE search_text MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
    )
    .safeIntegers()
    .all(ftsQuery(filter.terms!), `[${versions.map((v) => v.opened).join(',')}]`) as {
    opened: bigint;
    rank: number;
  }[];
  // Each fact at its best-ranked version: the lowest rank, then the earliest version.
  const best = new Map<bigint, { opened: bigint; rank: number }>();
  for (const row of ranked) {
    const pos = factOf.get(row.opened)!;
    const rank = Number(row.rank);
    const current = best.get(pos);
    if (!current || rank < current.rank || (rank === current.rank && row.opened < current.opened)) {
      best.set(pos, { opened: row.opened, rank });
    }
  }
  const hits: SearchHit[] = [];
  for (const fact of facts) {
    const found = best.get(fact.pos);
    if (!found) continue;
    if (key && !(found.rank > key.r || (found.rank === key.r && found.opened > key.p))) continue;
    hits.push({ ...fact, rank: found.rank, matched: found.opened });
  }
  hits.sort((x, y) => x.rank! - y.rank! || (x.matched! < y.matched! ? -1 : x.matched! > y.matched! ? 1 : 0));
  return hits.slice(0, limit);
}
