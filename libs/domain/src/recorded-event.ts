import type { EventType } from './catalogue/catalogue';

export interface SourceRef {
  publisher: string;
  url?: string;
  title?: string;
  publishedOn?: string;
  citing?: string;
}

/**
 * What a recorder states: the part of an event that a client sends (docs/domain.md#what-every-event-carries).
 */
export interface EventPayload {
  actors: [string, string];
  occurredOn: string;
  data: Record<string, unknown>;
  sources: SourceRef[];
  note?: string;
}

/** What the service adds when it appends; part of the hashed record. */
export interface EventMetadata {
  recordedAt: string;
  recordedBy: string;
  schemaVersion: number;
  prevHash: string;
  hash: string;
}

/** An event decided but not yet stored. */
export interface NewEvent {
  eventId: string;
  type: EventType;
  payload: EventPayload;
}

export interface RecordedEvent extends NewEvent {
  stream: string;
  revision: bigint;
  /** Opaque to clients: a decimal string of the store's global position. */
  position: string;
  metadata: EventMetadata;
}

/**
 * The catalogue's version that the service stamps on what it records. Version 2 only added types
 * (docs/domain.md#the-event-catalogue): an event of version 1 reads as it always did.
 */
export const SCHEMA_VERSION = 2;

/** Fields that only the service sets; a client that sends one is told so. */
export const SERVICE_FIELDS = [
  'recordedAt',
  'recordedBy',
  'stream',
  'revision',
  'position',
  'schemaVersion',
  'prevHash',
  'hash',
] as const;
