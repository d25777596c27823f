import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  CorrectionChangesJson,
  decide,
  foldStream,
  NewEvent,
  parseFactInput,
  RecordedEvent,
  relationshipId,
  RelationshipStateView,
  SCHEMA_VERSION,
  SnapshotPolicy,
  stateAt,
  streamOf,
} from '@app/domain';
import {
  articleFacts,
  AZ_CN_IDS,
  corrections,
  laterFacts,
  RECORDED,
} from '../../../../test/fixtures/azerbaijan-china';
import { example } from '../../../../test/fixtures/example-facts';
import type { BuildProgress } from './read-model-file';
import { ProjectionWriter } from '../projections/projection-writer';
import { ReadModelFile } from './read-model-file';
import { StateReader } from './state-reader';
import { eventIdOfRow } from './event-ids';
import { recordTimeOfRow } from './record-times';

/** The read models as the service wires them: the file, the projection writer, the state reader. */
class ReadModelDb {
  readonly writer: ProjectionWriter;
  /** Keeps every snapshot parsed (frozen), and folds onto copies of it; keeps fact versions parsed (knownAt). */
  readonly reader: StateReader;
  /** Parses every snapshot and fact row it reads: its answers must be the kept reader's, byte for byte. */
  readonly parsingReader: StateReader;

  private constructor(
    readonly file: ReadModelFile,
    policy?: SnapshotPolicy,
  ) {
    this.writer = new ProjectionWriter(file, policy);
    this.reader = new StateReader(file, 0);
    this.parsingReader = new StateReader(file, Infinity, 0);
  }

  static open(path: string, policy?: SnapshotPolicy): ReadModelDb {
    return new ReadModelDb(ReadModelFile.open(path), policy);
  }

  applyBatch = (events: RecordedEvent[]) => this.writer.applyBatch(events);
  buildRelationships = (histories: RecordedEvent[][], progress: BuildProgress) =>
    this.writer.buildRelationships(histories, progress);
  finishBuild = (through: string) => this.writer.finishBuild(through);
  checkpoint = () => this.file.checkpoint();
  buildProgress = () => this.file.buildProgress();
  digest = () => this.file.digest();
  close = () => this.file.close();
  relationship = (id: string) => this.reader.relationship(id);
  relationshipsOf = (actor: string) => this.reader.relationshipsOf(actor);
}

// The read models (docs/architecture.md, "The read side"): fact versions and snapshots written batch by batch
// by the projector, each batch and its checkpoint in one transaction. Whatever the batches, the answer on any
// date, as known at any time, must be exactly the one `stateAt` folds from the events recorded by then.

/** A snapshot after nearly every day with facts: every resumption point is exercised. */
const DENSE: SnapshotPolicy = { minSize: 1, ratio: 0.01 };
/** A snapshot every few facts: queries fold the facts after one onto it. */
const TAILED: SnapshotPolicy = { minSize: 300, ratio: 1 };

const KNOWN_AT = '2100-01-01T00:00:00.000Z';
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The global log: positions across all streams, revisions per stream, record times from an injected clock. */
class GlobalLog {
  readonly events: RecordedEvent[] = [];
  private clock = Date.parse('2025-01-01T00:00:00.000Z');
  private ids = 0;

  constructor(private position = 7) {} // crosses from one digit to two: positions are numbers, not text

  private append(event: NewEvent, recordedAt?: string): RecordedEvent {
    if (recordedAt !== undefined) this.clock = Date.parse(recordedAt);
    const stream = streamOf(...event.payload.actors);
    const revision = BigInt(this.events.filter((e) => e.stream === stream).length);
    const recorded: RecordedEvent = {
      ...event,
      stream,
      revision,
      position: String(this.position++),
      metadata: {
        recordedAt: new Date(this.clock).toISOString(),
        recordedBy: 'recorder',
        schemaVersion: SCHEMA_VERSION,
        prevHash: '',
        hash: '',
      },
    };
    this.clock += 1000;
    this.events.push(recorded);
    return recorded;
  }

  record(body: Record<string, unknown>, recordedAt?: string): RecordedEvent {
    const fact = parseFactInput(body);
    return this.append(
      { eventId: fact.eventId ?? uuid(++this.ids), type: fact.type, payload: fact.payload },
      recordedAt,
    );
  }

  /** A correction as the API decides it, against the stream of its target. */
  correct(targetEventId: string, changes: CorrectionChangesJson, recordedAt?: string, sources?: unknown[]) {
    const target = this.events.find((e) => e.eventId === targetEventId)!;
    const [event] = decide(
      {
        kind: 'correct',
        eventId: uuid(5000 + ++this.ids),
        targetEventId,
        changes,
        reason: 'a better source',
        sources: sources as never,
      },
      foldStream(this.events.filter((e) => e.stream === target.stream)),
      { today: '2099-12-31' },
    );
    return this.append(event, recordedAt);
  }

  retract(targetEventId: string): RecordedEvent {
    const target = this.events.find((e) => e.eventId === targetEventId)!;
    return this.append({
      eventId: uuid(9000 + ++this.ids),
      type: 'EventRetracted',
      payload: { ...target.payload, occurredOn: '2099-01-01', data: { targetEventId, reason: 'no source' } },
    });
  }

  /** An event the log could only hold if it had been altered: applying it must fail. */
  corrupt(targetEventId: string): RecordedEvent {
    const target = this.events.find((e) => e.eventId === targetEventId)!;
    return this.append({
      eventId: uuid(9500 + ++this.ids),
      type: 'EventCorrected',
      payload: {
        ...target.payload,
        occurredOn: '2099-01-01',
        data: { targetEventId, changes: { occurredOn: 'not a date' }, reason: 'tampered' },
      },
    });
  }
}

/** Azerbaijan–China, with a few FR–IN events between, so that batches span two relationships. */
function azerbaijanChina(): GlobalLog {
  const log = new GlobalLog();
  const frIn = (occurredOn: string, level: string) =>
    log.record(example('PartnershipDeclared', { actors: ['FR', 'IN'], occurredOn, data: { level } }));
  articleFacts.forEach((body, i) => {
    log.record(body, i === 0 ? RECORDED.article : undefined);
    if (i === 1) frIn('1998-01', 'strategic partnership');
  });
  corrections.forEach((c, i) =>
    log.correct(c.target, c.body.changes, i === 0 ? RECORDED.corrections : undefined, c.body.sources),
  );
  frIn('1990', 'partnership'); // backdated: before what FR-IN already has
  laterFacts.forEach((body, i) => log.record(body, i === 0 ? RECORDED.later : undefined));
  return log;
}

function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

const PROBES = [
  ...['1989', '1990', '1991', '1992', '1993', '1998', '2023', '2024', '2025', '2026'].flatMap((y) => [
    `${y}-01-01`,
    `${y}-06-30`,
    `${y}-12-31`,
  ]),
  '1992-04-01',
  '1992-04-02',
  '1998-01-31',
  '1998-02-01',
  ...days('2024-06-28', '2024-08-02'),
  ...days('2025-03-30', '2025-05-02'),
  ...days('2025-07-14', '2025-07-22'),
];

/** What the API answers from the read model on `at`, as the record stands (or as known at `knownAt`). */
function fromReadModel(db: ReadModelDb, id: string, at: string, knownAt?: string): RelationshipStateView {
  const row = db.relationship(id)!;
  const state = db.reader.stateJson(row, at, knownAt ?? KNOWN_AT, knownAt === undefined)!;
  const parsed = db.parsingReader.stateJson(row, at, knownAt ?? KNOWN_AT, knownAt === undefined)!;
  if (parsed.json !== state.json) expect(state.json).toBe(parsed.json);
  const view = JSON.parse(state.json) as RelationshipStateView;
  // The text itself is JSON.stringify's of the answer, byte for byte (the reader writes it from pieces).
  if (JSON.stringify(view) !== state.json) expect(state.json).toBe(JSON.stringify(view));
  return view;
}

const stateOn = fromReadModel;

/** The read model agrees with the fold of the events applied so far, on every probe date and relationship. */
function expectSameAsFold(
  db: ReadModelDb,
  applied: RecordedEvent[],
  probes: Iterable<string> = PROBES,
): void {
  const ids = new Set(applied.map((e) => relationshipId(...e.payload.actors)));
  for (const id of ids) {
    const events = applied.filter((e) => relationshipId(...e.payload.actors) === id);
    const actors = id.split('-') as [string, string];
    for (const at of probes) {
      const expected = stateAt(events, { actors, at, knownAt: KNOWN_AT });
      // A quick comparison first; toEqual (slow) for its diff when they differ.
      const actual = fromReadModel(db, id, at);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect({ id, at, state: actual }).toEqual({ id, at, state: expected });
      }
    }
  }
}

/** Applies the log in batches cut before the given indices, checking the read model after each. */
function applyInBatches(db: ReadModelDb, events: RecordedEvent[], cuts: number[], probes?: string[]): void {
  const bounds = [
    0,
    ...[...new Set(cuts)].filter((c) => c > 0 && c < events.length).sort((a, b) => a - b),
    events.length,
  ];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const batch = events.slice(bounds[i], bounds[i + 1]);
    db.applyBatch(batch);
    expect(db.checkpoint()).toBe(batch[batch.length - 1].position);
    expectSameAsFold(db, events.slice(0, bounds[i + 1]), probes);
  }
}

describe('read models: fact versions and snapshots written batch by batch', () => {
  const { events } = azerbaijanChina();
  const azCn = events.filter((e) => e.stream === 'relationship-AZ-CN');
  let db: ReadModelDb;
  beforeEach(() => {
    db = ReadModelDb.open(':memory:', DENSE);
  });
  afterEach(() => {
    try {
      db.close();
    } catch {
      // closed by the test
    }
  });

  describe('the Azerbaijan–China example, whatever the batches, reads as the fold of all its events', () => {
    test('one event per batch (checked after every batch)', () => {
      applyInBatches(
        db,
        events,
        events.map((_, i) => i),
      );
    });

    test('all in one batch', () => {
      applyInBatches(db, events, []);
    });

    test('random splits (seeded)', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 1, max: events.length - 1 }), { maxLength: 8 }),
          (cuts) => {
            const fresh = ReadModelDb.open(':memory:', DENSE);
            try {
              applyInBatches(fresh, events, cuts);
            } finally {
              fresh.close();
            }
          },
        ),
        { seed: 1127, numRuns: 25 },
      );
    });

    test('the answers the design gives: 2024-07-04, before and after the strategic partnership', () => {
      db.applyBatch(events);
      expect(fromReadModel(db, 'AZ-CN', '2024-07-04')).toMatchObject({
        relations: { status: 'established', since: '1992-04-02', eventId: AZ_CN_IDS.relations },
        partnership: { level: 'strategic partnership', since: '2024-07-03', rank: 3 },
        uncertain: [],
        eventCount: 2,
        revision: azCn.length - 1,
        position: azCn[azCn.length - 1].position,
      });
      expect(stateOn(db, 'AZ-CN', '2024-07-02').partnership).toBeNull();
    });
  });

  test('as known at any earlier time: the answer stateAt folds from the events recorded by then', () => {
    const { events: log } = azerbaijanChina();
    db.applyBatch(log);
    const row = db.relationship('AZ-CN')!;
    const instants = new Set<string>(['2024-01-01T00:00:00.000Z']);
    for (const e of azCn) {
      const t = Date.parse(e.metadata.recordedAt);
      for (const d of [-1, 0, 1]) instants.add(new Date(t + d).toISOString());
    }
    for (const knownAt of instants) {
      for (const at of PROBES) {
        const expected = stateAt(azCn, { actors: ['AZ', 'CN'], at, knownAt });
        const actual = db.reader.stateJson(row, at, knownAt, false);
        expect({ knownAt, at, json: actual?.json }).toEqual({
          knownAt,
          at,
          json: expected && JSON.stringify(expected),
        });
        if (expected) expect(actual?.revision).toBe(expected.revision);
      }
    }
  });

  describe('as known at a past record time after backfills (the fact versions the reader keeps parsed)', () => {
    /** A position stated each year 1990–2009 in date order, then facts backfilled into the 1990s. */
    function backfilled(): GlobalLog {
      const log = new GlobalLog();
      const stance = (i: number) => (i % 2 === 0 ? 'supports' : 'opposes');
      for (let year = 1990; year < 2010; year++) {
        log.record(
          example('PositionStated', {
            occurredOn: `${year}-03-01`,
            data: { by: 'AZ', topic: `topic ${year % 4}`, stance: stance(year) },
          }),
        );
      }
      for (let year = 1991; year < 2000; year += 2) {
        log.record(example('MeetingHeld', { occurredOn: `${year}-06-01` }));
      }
      // A fact moved back into the 1990s by a correction, another retracted.
      log.correct(log.events[15].eventId, { occurredOn: '1993-09-01' });
      log.retract(log.events[4].eventId);
      return log;
    }

    test('given backfills after snapshots, then every past record time and date answers as stateAt folds', () => {
      const log = backfilled();
      const azCnLog = log.events.filter((e) => e.stream === streamOf('AZ', 'CN'));
      const dense = ReadModelDb.open(':memory:', DENSE);
      try {
        applyInBatches(dense, log.events, [5, 21, 23], []);
        const row = dense.relationship('AZ-CN')!;
        for (const event of azCnLog) {
          for (const at of ['1989-12-31', '1992-07-01', '1995-12-31', '2003-03-01', '2020-01-01']) {
            const knownAt = event.metadata.recordedAt;
            const expected = stateAt(azCnLog, { actors: ['AZ', 'CN'], at, knownAt });
            expect(dense.reader.stateJson(row, at, knownAt, false)?.json).toBe(JSON.stringify(expected));
            expect(dense.parsingReader.stateJson(row, at, knownAt, false)?.json).toBe(
              JSON.stringify(expected),
            );
          }
        }
      } finally {
        dense.close();
      }
    });

    test('given a past record time answered, when an event is recorded earlier still (a clock stepped back), then the answer has it', () => {
      // No snapshot (the default policy, small facts): the answer is folded from the kept versions alone.
      db.close();
      db = ReadModelDb.open(':memory:');
      const log = backfilled();
      db.applyBatch(log.events);
      const knownAt = log.events[10].metadata.recordedAt;
      const before = JSON.parse(
        db.reader.stateJson(db.relationship('AZ-CN')!, '2020-01-01', knownAt, false)!.json,
      );
      const late = log.record(
        example('MeetingHeld', { occurredOn: '1990-01-15' }),
        '2024-12-31T00:00:00.000Z',
      );
      db.applyBatch([late]);
      const after = JSON.parse(
        db.reader.stateJson(db.relationship('AZ-CN')!, '2020-01-01', knownAt, false)!.json,
      );
      expect(after.eventCount).toBe(before.eventCount + 1);
      const azCnLog = log.events.filter((e) => e.stream === streamOf('AZ', 'CN'));
      expect(after).toEqual(stateAt(azCnLog, { actors: ['AZ', 'CN'], at: '2020-01-01', knownAt }));
    });
  });

  test('no copy of the events: a row per version of a fact, closed by the correction or retraction that ends it', () => {
    const log = azerbaijanChina();
    const retraction = log.retract(AZ_CN_IDS.visitHeld);
    db.applyBatch(log.events);
    const rows = (db.file as unknown as { db: Database.Database }).db
      .prepare("SELECT event_id AS eventId, closed_at AS closedAt FROM facts WHERE relationship = 'AZ-CN'")
      .all()
      .map((row) => {
        const { eventId, closedAt } = row as { eventId: Buffer | string; closedAt: number | null };
        return {
          eventId: eventIdOfRow(eventId),
          closedAt: closedAt === null ? null : recordTimeOfRow(closedAt),
        };
      });
    const ofAzCn = log.events.filter((e) => e.stream === 'relationship-AZ-CN');
    const facts = ofAzCn.filter((e) => !e.type.startsWith('Event'));
    const corrected = ofAzCn.filter((e) => e.type === 'EventCorrected');
    expect(rows).toHaveLength(facts.length + corrected.length);
    expect(rows.filter((r) => r.closedAt !== null)).toHaveLength(corrected.length + 1);
    expect(rows.filter((r) => r.eventId === AZ_CN_IDS.visitHeld).map((r) => r.closedAt)).toContain(
      retraction.metadata.recordedAt,
    );
  });

  test('the checkpoint is the position of the last event of the last batch; undefined before any', () => {
    expect(db.checkpoint()).toBeUndefined();
    db.applyBatch(events.slice(0, 3));
    expect(db.checkpoint()).toBe(events[2].position);
    db.applyBatch([]); // nothing read: nothing moves
    expect(db.checkpoint()).toBe(events[2].position);
    db.applyBatch(events.slice(3));
    expect(db.checkpoint()).toBe(events[events.length - 1].position);
    expect(Number(db.checkpoint())).toBeGreaterThan(9); // a number past 9, not the text "00…0" order
  });

  test('each relationship has its row, its actors find it, and its states are its own', () => {
    db.applyBatch(events);
    expect(db.relationship('AZ-CN')).toEqual({
      relationship: 'AZ-CN',
      actorA: 'AZ',
      actorB: 'CN',
      revision: azCn.length - 1,
      position: azCn[azCn.length - 1].position,
      lastRecordedAt: azCn[azCn.length - 1].metadata.recordedAt,
      // With a snapshot after nearly every day, few facts lie after the last one.
      tailSize: expect.any(Number),
    });
    expect(db.relationshipsOf('CN')).toEqual([{ relationship: 'AZ-CN', counterpart: 'AZ' }]);
    expect(db.relationshipsOf('IN')).toEqual([{ relationship: 'FR-IN', counterpart: 'FR' }]);
    expect(stateOn(db, 'FR-IN', '1995-01-01')).toMatchObject({
      partnership: { level: 'partnership' },
      eventCount: 1,
    });
    expect(stateOn(db, 'FR-IN', '2025-01-01').partnership?.level).toBe('strategic partnership');
    expect(db.relationship('DE-JP')).toBeUndefined();
  });

  describe('a batch that fails leaves nothing of itself (one transaction)', () => {
    test('an event that cannot be applied midway: neither its rows, nor the batch before it, nor the checkpoint', () => {
      const log = azerbaijanChina();
      const first = log.events.slice(0, 6);
      db.applyBatch(first);
      const states = PROBES.map((at) => stateOn(db, 'AZ-CN', at));
      const before = {
        checkpoint: db.checkpoint(),
        row: db.relationship('AZ-CN'),
        states,
      };
      const newRelationship = log.record(
        example('StatementIssued', { actors: ['DE', 'JP'], data: { by: 'DE', summary: 's' } }),
      );
      const good = log.record(example('MeetingHeld', { occurredOn: '2024-01-15' }));
      const bad = log.corrupt(AZ_CN_IDS.strategic);
      expect(() => db.applyBatch([newRelationship, good, bad])).toThrow(/invalid occurredOn/);

      expect(db.checkpoint()).toBe(before.checkpoint);
      expect(db.relationship('AZ-CN')).toEqual(before.row);
      expect(PROBES.map((at) => stateOn(db, 'AZ-CN', at))).toEqual(before.states);
      // The other relationship of the batch, applied completely before the failure, is rolled back too.
      expect(db.relationship('DE-JP')).toBeUndefined();
      expect(db.relationshipsOf('DE')).toEqual([]);

      // The same batch without the bad event applies (no half-written row is in its way).
      db.applyBatch([newRelationship, good]);
      expect(db.checkpoint()).toBe(good.position);
      expectSameAsFold(db, [...first, newRelationship, good]);
    });

    test('a closed database refuses the batch; re-opened, it stands at the last committed checkpoint', () => {
      const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
      try {
        const file = join(dir, 'nested', 'read-models.db');
        const fileDb = ReadModelDb.open(file);
        fileDb.applyBatch(events.slice(0, 4));
        fileDb.close();
        expect(() => fileDb.applyBatch(events.slice(4))).toThrow();
        const reopened = ReadModelDb.open(file);
        try {
          expect(reopened.checkpoint()).toBe(events[3].position);
          const applied = azCn.filter((e) => events.slice(0, 4).includes(e));
          expect(reopened.relationship('AZ-CN')?.revision).toBe(applied.length - 1);
        } finally {
          reopened.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('built stream by stream', () => {
    test('the Azerbaijan–China example reads as the fold of all its events on every probe date', () => {
      const through = events[events.length - 1].position;
      const streams = [...new Set(events.map((e) => e.stream))].sort();
      db.buildRelationships(
        streams.map((stream) => events.filter((e) => e.stream === stream)),
        { through, lastStream: streams[streams.length - 1] },
      );
      db.finishBuild(through);
      expectSameAsFold(db, events);
    });

    test('a relationship already in the read models is refused, and nothing of the page is written', () => {
      db.applyBatch(azCn.slice(0, 2));
      const frIn = events.filter((e) => e.stream === 'relationship-FR-IN');
      expect(() =>
        db.buildRelationships([frIn, azCn], {
          through: azCn[azCn.length - 1].position,
          lastStream: 'relationship-FR-IN',
        }),
      ).toThrow('AZ-CN is in the read models already');
      expect(db.relationship('FR-IN')).toBeUndefined();
      expect(db.buildProgress()).toBeUndefined();
    });
  });

  describe('a file-backed read model', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('re-opened, it resumes at its checkpoint and ends as if never closed', () => {
      const file = join(dir, 'read-models.db');
      let fileDb = ReadModelDb.open(file);
      fileDb.applyBatch(events.slice(0, 5));
      fileDb.applyBatch(events.slice(5, 9));
      fileDb.close();

      fileDb = ReadModelDb.open(file);
      const checkpoint = fileDb.checkpoint()!;
      expect(checkpoint).toBe(events[8].position);
      // What a projector does on start: subscribe from the checkpoint, i.e. the events after it.
      const rest = events.filter((e) => BigInt(e.position) > BigInt(checkpoint));
      expect(rest).toEqual(events.slice(9));
      fileDb.applyBatch(rest);
      try {
        expectSameAsFold(fileDb, events);
        db.applyBatch(events);
        for (const at of PROBES) expect(stateOn(fileDb, 'AZ-CN', at)).toEqual(stateOn(db, 'AZ-CN', at));
      } finally {
        fileDb.close();
      }
    });

    test('a read model of another version is refused with a message that says how to rebuild it', () => {
      const file = join(dir, 'read-models.db');
      ReadModelDb.open(file).close();
      const raw = new Database(file);
      raw.prepare("UPDATE meta SET value = '99' WHERE key = 'version'").run();
      raw.close();
      expect(() => ReadModelDb.open(file)).toThrow(/version 99.*delete the read-model file/);
    });

    test('a read model of an earlier version, whose tables this version cannot use, is refused the same way', () => {
      const file = join(dir, 'read-models.db');
      const raw = new Database(file);
      raw.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('version', '8');
        CREATE TABLE facts (relationship TEXT NOT NULL, start TEXT NOT NULL, pos INTEGER NOT NULL,
          opened INTEGER NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT, event_id TEXT NOT NULL,
          fact TEXT NOT NULL, PRIMARY KEY (relationship, start, pos, opened)) WITHOUT ROWID;
      `);
      raw.close();
      expect(() => ReadModelDb.open(file)).toThrow(/version 8, .*delete the read-model file/);
    });

    test('the digest covers every table: one value changed in any of them, or a null made empty, changes it', async () => {
      const file = join(dir, 'read-models.db');
      const fileDb = ReadModelDb.open(file, DENSE);
      const raw = new Database(file);
      try {
        fileDb.applyBatch(events);
        let previous = await fileDb.digest();
        const changes = [
          "UPDATE relationships SET last_recorded_at = last_recorded_at || ' '",
          'UPDATE relationships SET tail_size = tail_size + 1',
          "UPDATE facts SET fact = fact || ' ' WHERE event_id = (SELECT min(event_id) FROM facts)",
          "UPDATE facts SET closed_at = '' WHERE closed_at IS NULL AND event_id = (SELECT min(event_id) FROM facts)",
          'UPDATE facts SET opened = opened + 1 WHERE event_id = (SELECT max(event_id) FROM facts)',
          'UPDATE revisions SET recorded_at = recorded_at + 1 WHERE revision = 0',
          "UPDATE snapshots SET fold = fold || ' ' WHERE rowid = 1",
          'UPDATE snapshots SET known_from = known_from + 1 WHERE rowid = 1',
          "UPDATE actor_relationships SET counterpart = lower(counterpart) WHERE actor = 'AZ'",
          'UPDATE facts SET type = type + 1 WHERE event_id = (SELECT min(event_id) FROM facts)',
          "UPDATE facts SET end = '0001-01-01' WHERE event_id = (SELECT min(event_id) FROM facts)",
          "INSERT INTO search_text (rowid, text) VALUES (1, 'words no fact holds')",
        ];
        for (const change of changes) {
          expect(raw.prepare(change).run().changes).toBeGreaterThan(0);
          const digest = await fileDb.digest();
          expect({ change, changed: digest !== previous }).toEqual({ change, changed: true });
          previous = digest;
        }
      } finally {
        raw.close();
        fileDb.close();
      }
    });
  });

  describe('positions are unsigned 64-bit numbers, ordered as numbers', () => {
    test.each([
      ['in two batches', [1]],
      ['in one batch', []],
    ])('facts of the same start at positions 9 and 10: the one at 10 is later (%s)', (_name, cuts) => {
      const log = new GlobalLog(9);
      log.record(
        example('PartnershipDeclared', { occurredOn: '2024-07-01', data: { level: 'partnership' } }),
      );
      const later = log.record(
        example('PartnershipDeclared', { occurredOn: '2024-07', data: { level: 'strategic partnership' } }),
      );
      applyInBatches(db, log.events, cuts);
      expect(stateOn(db, 'AZ-CN', '2024-07-10').partnership?.eventId).toBe(later.eventId);
      expect(db.checkpoint()).toBe('10');
    });

    test('up to the largest 64-bit position', () => {
      const log = new GlobalLog(Number.MAX_SAFE_INTEGER); // the counter is a number; the texts below are exact
      const a = log.record(
        example('PartnershipDeclared', { occurredOn: '2024-07-03', data: { level: 'partnership' } }),
      );
      const b = log.record(
        example('PartnershipDeclared', {
          occurredOn: '2024-07-03',
          data: { level: 'strategic partnership' },
        }),
      );
      const huge = [
        { ...a, position: '18446744073709551614' },
        { ...b, position: '18446744073709551615' },
      ];
      db.applyBatch([huge[0]]);
      db.applyBatch([huge[1]]);
      expect(db.checkpoint()).toBe('18446744073709551615');
      expect(db.relationship('AZ-CN')?.position).toBe('18446744073709551615');
      expect(stateOn(db, 'AZ-CN', '2024-07-03').partnership?.eventId).toBe(b.eventId);
    });
  });

  describe('property: random histories with corrections and retractions, in random batches', () => {
    const year = fc.integer({ min: 1990, max: 2000 });
    const pad = (n: number) => String(n).padStart(2, '0');
    const dateText = fc.oneof(
      year.map(String),
      fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m)}`),
      fc
        .tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
        .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
      fc
        .tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }))
        .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}/${y}-${pad(m)}-${pad(d + 8)}`),
    );
    const step = fc.record({
      kind: fc.constantFrom('fact', 'fact', 'fact', 'correct', 'correct', 'retract'),
      type: fc.constantFrom(
        'DiplomaticRelationsEstablished',
        'DiplomaticRelationsSevered',
        'PartnershipDeclared',
        'VisaPolicyChanged',
        'PositionStated',
      ),
      pair: fc.constantFrom<[string, string]>(['AZ', 'CN'], ['AZ', 'CN'], ['FR', 'IN']),
      date: dateText,
      pick: fc.nat(),
    });

    type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

    /** The log a list of steps records (corrections decide refuses are left out), and the dates it names. */
    function logOf(steps: Step[]): { log: GlobalLog; dates: Set<string> } {
      const log = new GlobalLog(1);
      const facts: RecordedEvent[] = [];
      const dates = new Set<string>();
      for (const s of steps) {
        const target = facts.length > 0 ? facts[s.pick % facts.length] : undefined;
        dates.add(s.date.split('/')[0]);
        if (s.kind === 'retract' && target) {
          log.retract(target.eventId);
        } else if (s.kind === 'correct' && target) {
          // Corrections of a retracted target are refused by decide; the log cannot hold them.
          try {
            log.correct(target.eventId, { occurredOn: s.date });
          } catch {
            // refused: nothing recorded
          }
        } else {
          const [a, b] = s.pair;
          const data: Record<string, Record<string, unknown>> = {
            DiplomaticRelationsEstablished: {},
            DiplomaticRelationsSevered: {},
            PartnershipDeclared: { level: ['partnership', 'strategic partnership'][s.pick % 2] },
            VisaPolicyChanged: {
              grantedBy: a,
              beneficiary: b,
              regime: ['visa-free', 'e-visa'][s.pick % 2],
            },
            PositionStated: { by: b, topic: 'a topic', stance: ['supports', 'opposes'][s.pick % 2] },
          };
          facts.push(
            log.record({
              type: s.type,
              actors: s.pair,
              occurredOn: s.date,
              data: data[s.type],
              sources: [{ publisher: 't' }],
            }),
          );
        }
      }
      return { log, dates };
    }

    /**
     * Fresh read models with `events` applied in batches cut at `cutPicks`, twice: with a snapshot after
     * nearly every day, and with snapshots a few facts apart (queries fold facts onto a kept snapshot).
     */
    function projected(
      events: RecordedEvent[],
      cutPicks: number[],
      probes: string[],
      then: (db: ReadModelDb) => void = () => undefined,
    ): void {
      for (const policy of [DENSE, TAILED]) {
        const fresh = ReadModelDb.open(':memory:', policy);
        try {
          applyInBatches(
            fresh,
            events,
            cutPicks.map((p) => p % events.length),
            probes,
          );
          then(fresh);
        } finally {
          fresh.close();
        }
      }
    }

    test('stateOn equals stateAt of the events applied so far, after every batch, on the dates that matter', () => {
      fc.assert(
        fc.property(
          fc.array(step, { minLength: 1, maxLength: 25 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          (steps, cutPicks) => {
            const { log, dates } = logOf(steps);
            const probes = new Set<string>(['1989-12-31', '2001-01-01']);
            for (const d of dates) {
              const t = Date.parse(d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
              for (const delta of [-1, 0, 1, 15, 40, 364])
                probes.add(new Date(t + delta * 86_400_000).toISOString().slice(0, 10));
            }
            projected(log.events, cutPicks, [...probes]);
          },
        ),
        { seed: 20251127, numRuns: 60 },
      );
    });

    test('as known at every record time of the log: the answer stateAt folds from the events recorded by then', () => {
      fc.assert(
        fc.property(
          fc.array(step, { minLength: 1, maxLength: 25 }),
          fc.array(fc.nat(), { maxLength: 4 }),
          (steps, cutPicks) => {
            const { log, dates } = logOf(steps);
            const probes = ['1989-12-31', '2001-01-01', ...[...dates].map((d) => `${d.slice(0, 4)}-12-31`)];
            projected(log.events, cutPicks, [], (fresh) => {
              for (const id of new Set(log.events.map((e) => relationshipId(...e.payload.actors)))) {
                const events = log.events.filter((e) => relationshipId(...e.payload.actors) === id);
                const row = fresh.relationship(id)!;
                for (const event of events) {
                  const knownAt = event.metadata.recordedAt;
                  for (const at of probes) {
                    const expected = stateAt(events, { actors: [row.actorA, row.actorB], at, knownAt });
                    const actual = fresh.reader.stateJson(row, at, knownAt, false)?.json;
                    const parsed = fresh.parsingReader.stateJson(row, at, knownAt, false)?.json;
                    if (parsed !== actual) expect(actual).toBe(parsed);
                    if (actual !== JSON.stringify(expected)) {
                      expect({ id, knownAt, at, actual }).toEqual({
                        id,
                        knownAt,
                        at,
                        actual: JSON.stringify(expected),
                      });
                    }
                  }
                }
              }
            });
          },
        ),
        { seed: 20261203, numRuns: 60 },
      );
    });

    test('built stream by stream from position 0, in any pages, the read models are the ones projected in log order, row for row (same digest)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 1, maxLength: 25 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          async (steps, cutPicks) => {
            const { log } = logOf(steps);
            const inOrder = ReadModelDb.open(':memory:', DENSE);
            const byStream = ReadModelDb.open(':memory:', DENSE);
            try {
              applyInBatches(
                inOrder,
                log.events,
                cutPicks.map((p) => p % log.events.length),
                [],
              );
              const through = log.events[log.events.length - 1].position;
              const histories = [...new Set(log.events.map((e) => e.stream))]
                .sort()
                .map((stream) => log.events.filter((e) => e.stream === stream));
              // Pages of one or two streams, as readByStream may cut them.
              for (let i = 0; i < histories.length; i += 1 + ((cutPicks[0] ?? 0) % 2)) {
                const page = histories.slice(i, i + 1 + ((cutPicks[0] ?? 0) % 2));
                byStream.buildRelationships(page, { through, lastStream: page[page.length - 1][0].stream });
                expect(byStream.checkpoint()).toBeUndefined();
                expect(byStream.buildProgress()?.lastStream).toBe(page[page.length - 1][0].stream);
              }
              byStream.finishBuild(through);
              expect(byStream.checkpoint()).toBe(through);
              expect(byStream.buildProgress()).toBeUndefined();
              expect(await byStream.digest()).toBe(await inOrder.digest());
            } finally {
              inOrder.close();
              byStream.close();
            }
          },
        ),
        { seed: 20261128, numRuns: 40 },
      );
    });
  });
});
