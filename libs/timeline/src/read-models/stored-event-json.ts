import type { RecordedEvent } from '@app/domain';

/** A recorded event as one JSON text (the revision, a bigint, travels as a decimal string). */
export function eventToJson(event: RecordedEvent): string {
  return JSON.stringify({ ...event, revision: String(event.revision) });
}

export function eventFromJson(text: string): RecordedEvent {
  const parsed = JSON.parse(text) as Omit<RecordedEvent, 'revision'> & { revision: string };
  return { ...parsed, revision: BigInt(parsed.revision) };
}
