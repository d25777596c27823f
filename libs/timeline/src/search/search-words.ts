import { eventIdOfRow } from '../read-models/event-ids';
import { factTypeOfCode } from '../read-models/fact-type-codes';
import type { ReadModelFile } from '../read-models/read-model-file';
import { recordTimeOfRow } from '../read-models/record-times';
import { EventFilter, matchesFilter } from './event-filter';
import type { SearchHit } from './search-sql';
import { ftsQuery } from './search-text';

/** A version of a fact as the search reads its row (read-model-schema.ts); times in milliseconds. */
interface VersionRow {
  opened: bigint;
  pos: bigint;
  relationship: string;
  type: number;
  start: string;
  end: string;
  openedAt: number;
  closedAt: number | null;
  /** When the fact was first recorded: openedAt unless the version is a correction's. */
  recordedAt: number;
  eventId: Buffer | string;
}

const COLUMNS = `opened, pos, relationship, type, start, end, opened_at AS openedAt, closed_at AS closedAt,
  coalesce(recorded_at, opened_at) AS recordedAt, event_id AS eventId`;

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
      ? v.closedAt === null
      : v.openedAt <= known && (v.closedAt === null || v.closedAt > known);
  const match = ftsQuery(filter.terms!);
  const matches = file
    .prepared('SELECT rowid AS opened, rank FROM search_text WHERE search_text MATCH ? ORDER BY rank, rowid')
    .safeIntegers();
  const version = file.prepared(`SELECT ${COLUMNS} FROM facts WHERE opened = ?`).safeIntegers();
  // The versions of a fact are among its relationship's rows (a few of a fact corrected: rare).
  const versions = file
    .prepared(`SELECT ${COLUMNS} FROM facts WHERE relationship = ? AND pos = ? ORDER BY opened`)
    .safeIntegers();
  const rankOf = file
    .prepared('SELECT rank FROM search_text WHERE search_text MATCH ? AND rowid = ?')
    .pluck();
  const number = (v: VersionRow): VersionRow => ({
    ...v,
    type: Number(v.type),
    openedAt: Number(v.openedAt),
    closedAt: v.closedAt === null ? null : Number(v.closedAt),
    recordedAt: Number(v.recordedAt),
  });
  const hits: SearchHit[] = [];
  for (const row of matches.iterate(match) as IterableIterator<{ opened: bigint; rank: number }>) {
    const rank = Number(row.rank);
    if (!after(rank, row.opened, key)) continue;
    // Narrow filters: a version outside the few that can pass them is not read (search-sql.ts).
    if (passable && !passable.has(row.opened)) continue;
    const m = number(version.get(row.opened) as VersionRow);
    if (known !== undefined && m.openedAt > known) continue;
    const all =
      m.opened === m.pos && liveAt(m)
        ? [m]
        : (versions.all(m.relationship, m.pos) as VersionRow[]).map(number);
    const live = all.find(liveAt);
    if (!live) continue;
    const [a, b] = live.relationship.split('-');
    const fact = {
      type: factTypeOfCode(live.type),
      actors: [a, b],
      period: { start: live.start, end: live.end },
      recordedAt: recordTimeOfRow(live.recordedAt),
    };
    if (!matchesFilter(filter, fact)) continue;
    if (all.length > 1) {
      // Found at its best-ranked version recorded by knownAt only.
      const best = all
        .filter((v) => known === undefined || v.openedAt <= known)
        .map((v) => ({ opened: v.opened, rank: rankOf.get(match, v.opened) as number | undefined }))
        .filter((v): v is { opened: bigint; rank: number } => v.rank !== undefined)
        .reduce((x, y) => (y.rank < x.rank || (y.rank === x.rank && y.opened < x.opened) ? y : x));
      if (best.opened !== row.opened) continue;
    }
    hits.push({
      eventId: eventIdOfRow(live.eventId),
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
