import type { ReadModelFile } from '../read-models/read-model-file';
import type { SearchFactRow } from '../read-models/read-model-statements';
import { EventFilter, matchesFilter } from './event-filter';
import type { SearchHit } from './search-sql';
import { ftsQuery } from './search-text';

/** A version of a fact as the index keeps it, with when it was closed (null while it stands). */
type VersionRow = SearchFactRow & { closedMs: number | null };

const COLUMNS = `opened, pos, relationship, type, start, end, opened_ms AS openedMs, closed_ms AS closedMs,
  recorded_ms AS recordedMs`;
const DAY_MS = 86_400_000;
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Where a page of a search with `q` starts: after this rank and this matched version. */
export interface WordsKey {
  r: number;
  p: bigint;
}

const after = (rank: number, opened: bigint, key: WordsKey | undefined) =>
  !key || rank > key.r || (rank === key.r && opened > key.p);

/**
 * A search with `q` (docs/search.md): the matched texts in rank order (bm25, then the version's position),
 * read until the page is full — most facts have one version, whose text is its own row, so a page costs
 * the ranking SQLite does anyway and a few rows after it. A matched version counts once it was recorded by
 * `knownAt`; it finds the version of its fact open then, which must pass the rest of the filter; a fact
 * several of whose versions match is found at its best-ranked one only, so that pages never repeat it.
 * `passable`, when given, holds every version that can pass the other filters: others are skipped unread.
 */
export function findByWords(
  file: ReadModelFile,
  filter: EventFilter,
  key: WordsKey | undefined,
  limit: number,
  passable?: Set<bigint>,
): SearchHit[] {
  const known = filter.knownAt === undefined ? undefined : Date.parse(filter.knownAt);
  const liveAt = (v: VersionRow) =>
    known === undefined
      ? v.closedMs === null
      : v.openedMs <= known && (v.closedMs === null || v.closedMs > known);
  const match = ftsQuery(filter.terms!);
  const matches = file
    .prepared('SELECT rowid AS opened, rank FROM search_text WHERE search_text MATCH ? ORDER BY rank, rowid')
    .safeIntegers();
  const version = file.prepared(`SELECT ${COLUMNS} FROM search_facts WHERE opened = ?`).safeIntegers();
  const versions = file.prepared(`SELECT ${COLUMNS} FROM search_facts WHERE pos = ?`).safeIntegers();
  const rankOf = file
    .prepared('SELECT rank FROM search_text WHERE search_text MATCH ? AND rowid = ?')
    .pluck();
  const eventId = file
    .prepared('SELECT event_id FROM facts WHERE relationship = ? AND start = ? AND pos = ? AND opened = ?')
    .pluck();
  const number = (v: VersionRow): VersionRow => ({
    ...v,
    start: Number(v.start),
    end: Number(v.end),
    openedMs: Number(v.openedMs),
    closedMs: v.closedMs === null ? null : Number(v.closedMs),
    recordedMs: v.recordedMs === null ? null : Number(v.recordedMs),
  });
  const hits: SearchHit[] = [];
  for (const row of matches.iterate(match) as IterableIterator<{ opened: bigint; rank: number }>) {
    const rank = Number(row.rank);
    if (!after(rank, row.opened, key)) continue;
    // Narrow filters: a version outside the few that can pass them is not read (search-sql.ts).
    if (passable && !passable.has(row.opened)) continue;
    const m = number(version.get(row.opened) as VersionRow);
    if (known !== undefined && m.openedMs > known) continue;
    const all = m.opened === m.pos && liveAt(m) ? [m] : (versions.all(m.pos) as VersionRow[]).map(number);
    const live = all.find(liveAt);
    if (!live) continue;
    const [a, b] = live.relationship.split('-');
    const fact = {
      type: live.type,
      actors: [a, b],
      period: { start: dayText(live.start), end: dayText(live.end) },
      recordedAt: new Date(live.recordedMs ?? live.openedMs).toISOString(),
    };
    if (!matchesFilter(filter, fact)) continue;
    if (all.length > 1) {
      // Found at its best-ranked version recorded by knownAt only.
      const best = all
        .filter((v) => known === undefined || v.openedMs <= known)
        .map((v) => ({ opened: v.opened, rank: rankOf.get(match, v.opened) as number | undefined }))
        .filter((v): v is { opened: bigint; rank: number } => v.rank !== undefined)
        .reduce((x, y) => (y.rank < x.rank || (y.rank === x.rank && y.opened < x.opened) ? y : x));
      if (best.opened !== row.opened) continue;
    }
    hits.push({
      eventId: eventId.get(live.relationship, fact.period.start, live.pos, live.opened) as string,
      pos: live.pos,
      opened: live.opened,
      start: fact.period.start,
      rank,
      matched: row.opened,
    });
    if (hits.length === limit) break;
  }
  return hits;
}
