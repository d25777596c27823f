import type { Amendment, TimelineItem } from './api.js';
import { describeEvent, NameOf } from './event-text.js';

/** A moment when the record changed: an option of the "known at" control. */
export interface RecordMoment {
  /** The record time (recordedAt): the record as it read then includes this write. */
  at: string;
  label: string;
}

/** Every write to the relationship (facts, corrections, retractions), newest first, one option per instant. */
export function recordMoments(items: TimelineItem[], nameOf: NameOf): RecordMoment[] {
  const writes: { at: string; what: string }[] = [];
  for (const item of items) {
    const what = `“${describeEvent(item, nameOf)}”`;
    writes.push({
      at: item.recordedAt,
      what: `recorded ${what} (${item.original?.occurredOn ?? item.occurredOn})`,
    });
    let occurredOn = item.original?.occurredOn ?? item.occurredOn;
    for (const c of item.corrections) {
      const redated = c.changes?.occurredOn;
      writes.push({
        at: c.recordedAt,
        what: `corrected ${what}${redated ? `: ${occurredOn} → ${redated}` : ''}`,
      });
      occurredOn = redated ?? occurredOn;
    }
    if (item.retraction) writes.push({ at: item.retraction.recordedAt, what: `retracted ${what}` });
  }
  const byInstant = new Map<string, string[]>();
  for (const write of writes) byInstant.set(write.at, [...(byInstant.get(write.at) ?? []), write.what]);
  return [...byInstant.entries()]
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([at, whats]) => ({
      at,
      label: whats.length === 1 ? whats[0] : `${whats[0]} and ${whats.length - 1} more`,
    }));
}

/** The corrections of an event recorded after `knownAt`: what a reader of the record at that time did not know. */
export function correctionsAfter(latest: TimelineItem | undefined, knownAt: string | undefined): Amendment[] {
  if (!latest || knownAt === undefined) return [];
  return latest.corrections.filter((c) => c.recordedAt > knownAt);
}
