import { SCHEMA_VERSION } from '@app/domain';
import { chainHash, genesisHash, hashedFields, SqliteEventStore } from '@app/event-store';

/** The id of the event `writeMeetingWithNullVenue` stores. */
export const NULL_VENUE_EVENT = '01d00000-0000-4000-8000-000000000001';

/**
 * Writes, straight into an event store file and properly hash-chained, the kind of event the service
 * stored before null was refused for optional fields (issue 16): a meeting whose `venue` is null.
 */
export async function writeMeetingWithNullVenue(path: string): Promise<void> {
  const store = SqliteEventStore.open({ path });
  const stream = 'relationship-AZ-CN';
  const event = {
    eventId: NULL_VENUE_EVENT,
    type: 'MeetingHeld' as const,
    payload: {
      actors: ['AZ', 'CN'] as [string, string],
      occurredOn: '2025-04-23',
      data: {
        participants: [{ name: 'Xi Jinping', title: 'President of the PRC', actor: 'CN' }],
        venue: null,
      },
      sources: [{ publisher: 'Ministry of Foreign Affairs of the PRC' }],
    },
  };
  const meta = {
    recordedAt: '2026-01-01T00:00:00.000Z',
    recordedBy: 'before-the-fix',
    schemaVersion: SCHEMA_VERSION,
  };
  const prevHash = genesisHash(stream);
  const hash = chainHash(prevHash, hashedFields(event, stream, 0n, meta));
  await store.append(stream, [{ ...event, metadata: { ...meta, prevHash, hash } }], {
    expectedRevision: 'no_stream',
  });
  await store.close();
}
