import { RecordedEvent } from '../recorded-event';
import { SchemaAudit } from './schema-audit';

let revision = 0n;
function stored(eventId: string, type: string, payload: Record<string, unknown>): RecordedEvent {
  return {
    eventId,
    type: type as RecordedEvent['type'],
    stream: 'relationship-AZ-CN',
    revision: revision++,
    position: String(revision),
    payload: {
      actors: ['AZ', 'CN'],
      occurredOn: '2025-04-23',
      sources: [{ publisher: 'MFA' }],
      data: {},
      ...payload,
    },
    metadata: {
      recordedAt: '2025-01-01T00:00:00.000Z',
      recordedBy: 'r',
      schemaVersion: 1,
      prevHash: '',
      hash: '',
    },
  } as RecordedEvent;
}
const meeting = (data: Record<string, unknown>) => ({
  data: { participants: [{ name: 'Ilham Aliyev', title: 'President', actor: 'AZ' }], ...data },
});
const A = '00000000-0000-4000-8000-00000000000a';

describe('verify: stored events that no longer pass their schema', () => {
  test('an event holding a null its schema refuses is reported with the field and rule, and the remedy', () => {
    const audit = new SchemaAudit();
    audit.add(stored(A, 'MeetingHeld', meeting({ venue: null })));
    audit.add(stored('00000000-0000-4000-8000-00000000000b', 'MeetingHeld', meeting({ venue: 'Baku' })));
    const report = audit.report();
    expect(report).toMatchObject({ ok: false, checked: 2, invalidCount: 1 });
    expect(report.invalid).toEqual([
      expect.objectContaining({ eventId: A, revision: expect.any(Number), type: 'MeetingHeld' }),
    ]);
    expect(report.invalid[0].errors).toContainEqual(
      expect.objectContaining({ field: 'data.venue', rule: 'notNull' }),
    );
    expect(report.remedy).toMatch(/correction/);
  });

  test('a correction that brings the event back into its schema remedies it', () => {
    const audit = new SchemaAudit();
    audit.add(stored(A, 'MeetingHeld', meeting({ venue: null })));
    audit.add(
      stored('00000000-0000-4000-8000-00000000000c', 'EventCorrected', {
        data: { targetEventId: A, changes: { data: { venue: null } }, reason: 'the venue was null' },
      }),
    );
    expect(audit.report()).toMatchObject({ ok: true, invalidCount: 0, remedy: null });
  });

  test('a correction that leaves the refused value keeps it reported; a retraction remedies it', () => {
    const audit = new SchemaAudit();
    audit.add(stored(A, 'MeetingHeld', { ...meeting({}), sources: [{ publisher: 'MFA', url: null }] }));
    audit.add(
      stored('00000000-0000-4000-8000-00000000000d', 'EventCorrected', {
        data: { targetEventId: A, changes: { occurredOn: '2025-04-24' }, reason: 'the day' },
      }),
    );
    expect(audit.report()).toMatchObject({ ok: false, invalidCount: 1 });
    audit.add(
      stored('00000000-0000-4000-8000-00000000000e', 'EventRetracted', {
        data: { targetEventId: A, reason: 'withdrawn' },
      }),
    );
    expect(audit.report()).toMatchObject({ ok: true, invalidCount: 0 });
  });
});
