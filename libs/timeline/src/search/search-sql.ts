import { FACT_TYPES } from '@app/domain';
import { eventIdTextSql } from '../read-models/event-ids';
import { factTypeCode } from '../read-models/fact-type-codes';
import type { EventFilter } from './event-filter';

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
    sql: `SELECT ${eventIdTextSql('v.event_id')} AS eventId, v.pos, v.opened, v.start, NULL AS rank
      FROM facts v ${index}
      WHERE ${where.join(' AND ')} ORDER BY v.start, v.pos LIMIT @limit`,
    params,
  };
}
