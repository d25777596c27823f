import type { RecordedEvent, SourceRef } from '@app/domain';

/** Keys whose strings are addresses or identifiers, not words anyone searches for. */
const NOT_TEXT = new Set(['url', 'targetEventId']);

function stringsOf(value: unknown, key: string, out: string[]): void {
  if (NOT_TEXT.has(key)) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, key, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) stringsOf(v, k, out);
  }
}

function sourcesText(sources: SourceRef[] | undefined, out: string[]): void {
  for (const s of sources ?? []) {
    for (const part of [s.publisher, s.title, s.citing]) if (part) out.push(part);
  }
}

/**
 * The words the full-text index holds for an event (docs/search.md): for a fact, every text of its data
 * (summaries, titles, topics, venues, people's names, levels…), its sources' publishers, titles and whom
 * they cite, and its note; for a correction, the texts it brings (changed data, new sources) and its
 * reason and own sources. Undefined for a retraction, which brings no words. Addresses and ids are left out.
 */
export function searchTextOf(event: RecordedEvent): string | undefined {
  const out: string[] = [];
  if (event.type === 'EventRetracted') return undefined;
  if (event.type === 'EventCorrected') {
    const changes = (event.payload.data.changes ?? {}) as { data?: unknown; sources?: SourceRef[] };
    stringsOf(changes.data, 'data', out);
    sourcesText(changes.sources, out);
    sourcesText(event.payload.sources, out);
    stringsOf(event.payload.data.reason, 'reason', out);
  } else {
    stringsOf(event.payload.data, 'data', out);
    sourcesText(event.payload.sources, out);
  }
  if (event.payload.note) out.push(event.payload.note);
  return out.join('\n');
}

/**
 * An FTS5 query asking for every term: each one quoted, so that no word is read as an operator (AND,
 * NEAR, a column name). Terms are letters and digits only (termsOf), so none holds a quote.
 */
export function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t}"`).join(' AND ');
}
