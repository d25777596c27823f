import Database from 'better-sqlite3';
import { chainHash, hashedFields } from '@app/event-store';
import { RECORDED } from './fixtures/azerbaijan-china';
import { example } from './fixtures/example-facts';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp, TestApp } from './support/test-app';

/**
 * docs/audit.md: history, the audit log, digests and verification, with the log tampered behind the service's
 * back.
 */
describe('Audit', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    await recordAzerbaijanChina(t, 'corrections');
    await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'admin',
      body: example('MeetingHeld', {
        actors: ['FR', 'IN'],
        data: { participants: [{ name: 'x', title: 'y', actor: 'FR' }] },
      }),
    });
  });
  afterEach(() => t.close());

  const verify = async (body: unknown = {}) =>
    (await t.request({ method: 'POST', url: '/v1/audit/verify', as: 'auditor', body })).body;
  /** Runs SQL on the event log file, as someone with access to the disk could. */
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(t.paths.sqlite);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };
  const eventAt = (stream: string, revision: number) => {
    const db = new Database(t.paths.sqlite, { readonly: true });
    try {
      return db
        .prepare('SELECT * FROM events WHERE stream = ? AND revision = ?')
        .get(stream, revision) as Record<string, string>;
    } finally {
      db.close();
    }
  };

  test('history: record order, who and when, revisions, positions, hashes, amendments linked both ways', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/CN/AZ/history', as: 'auditor' });
    expect(res.status).toBe(200);
    const items = res.body.items;
    expect(items.map((i: { revision: number }) => i.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(items[0]).toMatchObject({
      recordedBy: 'recorder-user',
      recordedAt: RECORDED.article,
      amends: null,
    });
    expect(items[0].amendedBy).toEqual([items[6].eventId]);
    expect(items[6]).toMatchObject({
      type: 'EventCorrected',
      amends: items[0].eventId,
      recordedAt: RECORDED.corrections,
    });
    expect(items[1].prevHash).toBe(items[0].hash);
    const page = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/history?limit=4&after=3',
      as: 'auditor',
    });
    expect(page.body.items.map((i: { revision: number }) => i.revision)).toEqual([4, 5, 6, 7]);
    expect(page.body.nextCursor).toBe('7');
  });

  test('history and the audit endpoints need the auditor role', async () => {
    for (const [method, url] of [
      ['GET', '/v1/relationships/AZ/CN/history'],
      ['GET', '/v1/audit/log'],
      ['GET', '/v1/audit/digest'],
      ['POST', '/v1/audit/verify'],
    ] as const) {
      expect(
        (await t.request({ method, url, as: 'recorder', body: method === 'POST' ? {} : undefined })).status,
      ).toBe(403);
      expect((await t.request({ method, url, body: method === 'POST' ? {} : undefined })).status).toBe(401);
    }
    expect(
      (await t.request({ method: 'POST', url: '/v1/audit/replay', as: 'auditor', body: {} })).status,
    ).toBe(403);
  });

  test('the audit log pages through every event once, in order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: { body: { items: { position: string }[]; nextCursor: string | null } } = await t.request({
        method: 'GET',
        url: `/v1/audit/log?limit=4${after ? `&after=${after}` : ''}`,
        as: 'auditor',
      });
      seen.push(...res.body.items.map((i) => i.position));
      after = res.body.nextCursor;
    } while (after);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
  });

  test('an untouched log verifies', async () => {
    expect(await verify()).toEqual({
      ok: true,
      chains: { ok: true, streams: 2, events: 10, position: '10', firstBroken: null },
      schemas: { ok: true, checked: 10, invalidCount: 0, invalid: [], remedy: null },
      digest: null,
    });
  });

  test('a byte of a stored event changed behind the service → verify names that event', async () => {
    const victim = eventAt('relationship-AZ-CN', 3);
    tamper(
      "UPDATE events SET data = replace(data, 'Guo Jiakun', 'Guo Jiakuń') WHERE position = ?",
      victim.position,
    );
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.chains.firstBroken).toMatchObject({
      stream: 'relationship-AZ-CN',
      revision: 3,
      eventId: victim.event_id,
      problem: 'hash-mismatch',
    });
  });

  test('a stored event made unreadable → verify names it', async () => {
    const victim = eventAt('relationship-AZ-CN', 2);
    tamper('UPDATE events SET data = substr(data, 2) WHERE position = ?', victim.position);
    expect((await verify()).chains.firstBroken).toMatchObject({
      eventId: victim.event_id,
      problem: 'unreadable',
    });
  });

  test('an event deleted → verify names the gap it left', async () => {
    tamper("DELETE FROM events WHERE stream = 'relationship-AZ-CN' AND revision = 4");
    const next = eventAt('relationship-AZ-CN', 5);
    expect((await verify()).chains.firstBroken).toMatchObject({
      stream: 'relationship-AZ-CN',
      revision: 5,
      eventId: next.event_id,
      problem: 'revision-gap',
      expected: '4',
      found: '5',
    });
  });

  test('two events swapped → verify names the first out of place', async () => {
    const [a, b] = [eventAt('relationship-AZ-CN', 1), eventAt('relationship-AZ-CN', 2)];
    tamper('UPDATE events SET revision = -1 WHERE position = ?', a.position);
    tamper('UPDATE events SET revision = 1 WHERE position = ?', b.position);
    tamper('UPDATE events SET revision = 2 WHERE position = ?', a.position);
    const broken = (await verify()).chains.firstBroken;
    expect(broken).toMatchObject({ stream: 'relationship-AZ-CN', revision: 2, eventId: a.event_id });
  });

  test('a digest taken, events appended since → verify against it is ok', async () => {
    const digest = (await t.request({ method: 'GET', url: '/v1/audit/digest', as: 'auditor' })).body;
    expect(digest).toEqual({
      position: '10',
      streams: 2,
      events: 10,
      headsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: example('StatementIssued') });
    const result = await verify({ digest });
    expect(result.ok).toBe(true);
    expect(result.digest).toEqual({ ok: true, expected: digest, found: digest });
  });

  test('the log rewritten after a digest, even with every hash recomputed → verify against it fails', async () => {
    const digest = (await t.request({ method: 'GET', url: '/v1/audit/digest', as: 'auditor' })).body;
    // A careful forger: changes the date of revision 7 and recomputes the hashes of the rest of the stream.
    const db = new Database(t.paths.sqlite);
    const rows = db
      .prepare("SELECT * FROM events WHERE stream = 'relationship-AZ-CN' ORDER BY revision")
      .all() as Record<string, string & bigint>[];
    let prevHash = JSON.parse(rows[0].metadata).prevHash as string;
    for (const row of rows) {
      const payload = JSON.parse(row.data);
      if (Number(row.revision) === 7) payload.occurredOn = '2024-07-02';
      const metadata = JSON.parse(row.metadata);
      const event = { eventId: row.event_id, type: row.type as never, payload };
      const hash = chainHash(prevHash, hashedFields(event, row.stream, BigInt(row.revision), metadata));
      db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(
        JSON.stringify(payload),
        JSON.stringify({ ...metadata, prevHash, hash }),
        row.position,
      );
      prevHash = hash;
    }
    db.close();
    const plain = await verify();
    expect(plain.ok).toBe(true); // the chains alone cannot see a consistent rewrite…
    const against = await verify({ digest });
    expect(against.ok).toBe(false); // …the filed digest does
    expect(against.digest.ok).toBe(false);
    expect(against.digest.found.headsHash).not.toBe(digest.headsHash);
  });

  test('a malformed digest → 400 naming the field', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/audit/verify',
      as: 'auditor',
      body: { digest: { position: 'x' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'digest.position' }));
  });
});
