import type { TimelineItem } from '@app/domain';
import type { CountryRelationship } from '@app/timeline';

/** A column of a CSV answer: its header, and its cell for an item (empty when undefined or null). */
export interface CsvColumn<T> {
  header: string;
  cell: (item: T) => string | number | boolean | null | undefined;
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

/**
 * The columns of each CSV answer, one row per event or relationship (docs/csv.md lists them with their
 * meaning: keep the two in step, a test compares them). Nested values (`data`, `sources`) are JSON text.
 */
export const TIMELINE_COLUMNS: CsvColumn<TimelineItem>[] = [
  { header: 'eventId', cell: (e) => e.eventId },
  { header: 'type', cell: (e) => e.type },
  { header: 'actorA', cell: (e) => e.actors[0] },
  { header: 'actorB', cell: (e) => e.actors[1] },
  { header: 'occurredOn', cell: (e) => e.occurredOn },
  { header: 'periodStart', cell: (e) => e.period.start },
  { header: 'periodEnd', cell: (e) => e.period.end },
  { header: 'precision', cell: (e) => e.period.precision },
  { header: 'recordedAt', cell: (e) => e.recordedAt },
  { header: 'recordedBy', cell: (e) => e.recordedBy },
  { header: 'revision', cell: (e) => e.revision },
  { header: 'position', cell: (e) => e.position },
  { header: 'corrections', cell: (e) => e.corrections.length },
  { header: 'retracted', cell: (e) => e.retraction !== null },
  { header: 'originalOccurredOn', cell: (e) => e.original?.occurredOn },
  { header: 'data', cell: (e) => json(e.data) },
  { header: 'sources', cell: (e) => json(e.sources) },
  { header: 'note', cell: (e) => e.note },
];

/** An item of the history: an event with its metadata and its amendment links (HistoryEvent). */
type HistoryItem = Record<string, unknown>;

export const HISTORY_COLUMNS: CsvColumn<HistoryItem>[] = [
  { header: 'position', cell: (e) => e.position as string },
  { header: 'stream', cell: (e) => e.stream as string },
  { header: 'revision', cell: (e) => e.revision as number },
  { header: 'eventId', cell: (e) => e.eventId as string },
  { header: 'type', cell: (e) => e.type as string },
  { header: 'actorA', cell: (e) => (e.actors as string[])[0] },
  { header: 'actorB', cell: (e) => (e.actors as string[])[1] },
  { header: 'occurredOn', cell: (e) => e.occurredOn as string },
  { header: 'recordedAt', cell: (e) => e.recordedAt as string },
  { header: 'recordedBy', cell: (e) => e.recordedBy as string },
  { header: 'schemaVersion', cell: (e) => e.schemaVersion as number },
  { header: 'prevHash', cell: (e) => e.prevHash as string },
  { header: 'hash', cell: (e) => e.hash as string },
  { header: 'amends', cell: (e) => e.amends as string | null },
  { header: 'amendedBy', cell: (e) => (e.amendedBy as string[]).join(' ') },
  { header: 'data', cell: (e) => json(e.data) },
  { header: 'sources', cell: (e) => json(e.sources) },
  { header: 'note', cell: (e) => e.note as string | undefined },
];

/** A relationship of the country view, with the state and the date it was asked for. */
export type CountryRow = CountryRelationship & { actor: string; at: string };

export const COUNTRY_COLUMNS: CsvColumn<CountryRow>[] = [
  { header: 'actor', cell: (r) => r.actor },
  { header: 'at', cell: (r) => r.at },
  { header: 'counterpart', cell: (r) => r.counterpart },
  { header: 'counterpartName', cell: (r) => r.counterpartName },
  { header: 'relationship', cell: (r) => r.relationship },
  { header: 'relationsStatus', cell: (r) => r.relations.status },
  { header: 'relationsSince', cell: (r) => r.relations.since },
  { header: 'partnershipLevel', cell: (r) => r.partnership?.level },
  { header: 'partnershipRank', cell: (r) => r.partnership?.rank },
  { header: 'partnershipSince', cell: (r) => r.partnership?.since },
  { header: 'lastEventId', cell: (r) => r.lastEvent?.eventId },
  { header: 'lastEventType', cell: (r) => r.lastEvent?.type },
  { header: 'lastEventOccurredOn', cell: (r) => r.lastEvent?.occurredOn },
];
