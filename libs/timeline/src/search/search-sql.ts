import { FACT_TYPES } from '@app/domain';
import { eventIdTextSql } from '../read-models/event-ids';
import { factTypeCode } from '../read-models/fact-type-codes';
import { positionToRow } from '../read-models/positions';
import type { ReadModelFile } from '../read-models/read-model-file';
import type { EventFilter } from './event-filter';
import { findByWords } from './search-words';

/**
 * With `q`, when at most this many facts pass the other filters, the words' matches of other facts are
 * skipped without reading their rows (docs/benchmarks.md, "Search").
 */
const FEW_FACTS = 2000;

/** Where a page starts: after this fact, in the order of the search (valid time, or rank for `q`). */
export type SearchKey = { s: string; p: string } | { r: number; p: string };

/** A found fact: the version of it that the filter's record time sees. */
export interface SearchHit {
  eventId: string;
  /** The fact's own position (row form). */
  pos: bigint;
  /** The version's: equal to pos when no correction applies. */
  opened: bigint;
  start: string;
  /** From a search without `q`: the fact's relationship. */
  relationship?: string;
  rank: number | null;
  /** With `q`: the version whose words matched (the page's key). */
  matched?: bigint;
}

/**
 * The SQL of a search without `q` over the fact rows (read-model-schema.ts, docs/search.md) and its
 * parameters: facts in valid-time order (start, then position), as on a timeline. The version of each fact
 * is the one open at `knownAt` (now when absent): a fact retracted by then is not found. A search with `q`
 * reads its matches in rank order instead (search-words.ts).
 */
export function searchSql(
  filter: EventFilter,
  relationships: string[] | undefined,
  after: { key: SearchKey; pos: bigint } | undefined,
  limit: number,
  /** false while a build from position 0 has left out the index by type (ReadModelFile.searchIndexed). */
  indexed = true,
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { limit };
  const where: string[] = [];
  if (filter.knownAt === undefined) where.push('v.closed_at IS NULL');
  else {
    params.k = Date.parse(filter.knownAt);
    where.push('v.opened_at <= @k AND (v.closed_at IS NULL OR v.closed_at > @k)');
  }
  // One value is an equality, so that an index (relationship or type, start, pos) gives the order itself.
  const among = (column: string, name: string, values: (string | number)[]) => {
    params[name] = values.length === 1 ? values[0] : JSON.stringify(values);
    where.push(
      values.length === 1 ? `${column} = @${name}` : `${column} IN (SELECT value FROM json_each(@${name}))`,
    );
  };
  const types = (list: readonly string[]) => among('v.type', 'types', list.map(factTypeCode));
  if (relationships !== undefined) among('v.relationship', 'relationships', relationships);
  if (filter.types !== undefined) types(filter.types);
  if (filter.from !== undefined) {
    params.from = filter.from;
    where.push('v.end >= @from');
  }
  if (filter.to !== undefined) {
    params.to = filter.to;
    where.push('v.start <= @to');
  }
  if (filter.recordedFrom !== undefined) {
    params.recordedFrom = Date.parse(filter.recordedFrom);
    where.push('coalesce(v.recorded_at, v.opened_at) >= @recordedFrom');
  }
  if (filter.recordedTo !== undefined) {
    params.recordedTo = Date.parse(filter.recordedTo);
    where.push('coalesce(v.recorded_at, v.opened_at) <= @recordedTo');
  }
  if (filter.terms !== undefined)
    throw new Error('a search with q reads its matches in rank order: findByWords');
  // A state's relationships are a few hundred at most: read by relationship (and type and start), then
  // sorted, rather than along the type's index in date order, which the planner would pick (it cannot
  // know how few relationships the list holds). Without states or types, every type: the index by type
  // and start then serves a period alone.
  const index =
    relationships !== undefined
      ? 'INDEXED BY facts_by_relationship_type'
      : indexed
        ? 'INDEXED BY facts_by_type'
        : '';
  if (relationships === undefined && filter.types === undefined) types(FACT_TYPES);
  if (after && 's' in after.key) {
    params.afterStart = after.key.s;
    params.afterPos = after.pos;
    where.push('(v.start, v.pos) > (@afterStart, @afterPos)');
  }
  return {
    sql: `SELECT ${eventIdTextSql('v.event_id')} AS eventId, v.pos, v.opened, v.start, v.relationship, NULL AS rank
      FROM facts v ${index}
      WHERE ${where.join(' AND ')} ORDER BY v.start, v.pos LIMIT @limit`,
    params,
  };
}

/**
 * The facts a filter finds, a page from `key` (search-events.query.ts): by words in rank order with `q`,
 * else by the SQL above. The SQL form of `matchesFilter` (event-filter.ts; filter-both-ways.spec.ts holds
 * them to one meaning).
 */
export function findFacts(
  file: ReadModelFile,
  filter: EventFilter,
  key: SearchKey | undefined,
  limit: number,
): SearchHit[] {
  const relationships = relationshipsOf(file, filter);
  if (relationships?.length === 0) return [];
  if (filter.terms !== undefined) {
    const after = key && 'r' in key ? { r: key.r, p: positionToRow(key.p) } : undefined;
    const { terms: _words, ...others } = filter;
    const narrow = Object.keys(others).some((k) => k !== 'knownAt');
    if (narrow) {
      // Few facts pass the other filters: the matches of any other fact are skipped unread.
      const { sql, params } = searchSql(
        others,
        relationships,
        undefined,
        FEW_FACTS + 1,
        file.searchIndexed(),
      );
      const facts = file.prepared(sql).safeIntegers().all(params) as SearchHit[];
      if (facts.length <= FEW_FACTS)
        return findByWords(file, filter, after, limit, versionsOf(file, filter, facts));
    }
    return findByWords(file, filter, after, limit);
  }
  const after = key && { key, pos: positionToRow(key.p) };
  const { sql, params } = searchSql(filter, relationships, after, limit, file.searchIndexed());
  return file.prepared(sql).safeIntegers().all(params) as SearchHit[];
}

/**
 * The relationships the actors and the pair allow; undefined when neither is asked. One state: each of its
 * relationships; several: the relationships between two of them.
 */
export function relationshipsOf(file: ReadModelFile, filter: EventFilter): string[] | undefined {
  let list: string[] | undefined;
  if (filter.actors) {
    const { actors } = filter;
    const of = (actor: string) =>
      file.statements.relationshipsOfActor
        .all(actor)
        .filter((r) => actors.length === 1 || actors.includes(r.counterpart));
    list = [...new Set(actors.flatMap((a) => of(a).map((r) => r.relationship)))].sort();
  }
  if (filter.pair) list = list === undefined || list.includes(filter.pair) ? [filter.pair] : [];
  return list;
}

/** Every version of these facts recorded by the filter's `knownAt`: those whose text may find them. */
function versionsOf(file: ReadModelFile, filter: EventFilter, facts: SearchHit[]): Set<bigint> {
  const known = filter.knownAt === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(filter.knownAt);
  // A fact's versions are among its relationship's rows, found by the key's first column.
  const versions = file
    .prepared('SELECT opened FROM facts WHERE relationship = ? AND pos = ? AND opened_at <= ?')
    .pluck()
    .safeIntegers();
  const rows = facts.flatMap((f) => versions.all(f.relationship, f.pos, known) as bigint[]);
  return new Set(rows);
}
