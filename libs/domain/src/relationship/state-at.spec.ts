import {
  articleFacts,
  AZ_CN_IDS,
  corrections,
  laterFacts,
  RECORDED,
} from '../../../../test/fixtures/azerbaijan-china';
import { example, exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { CorrectionChangesJson } from '../corrections';
import { decide } from '../decide';
import { parseFactInput } from '../event-input';
import { NewEvent, RecordedEvent, SCHEMA_VERSION } from '../recorded-event';
import { foldStream } from '../stream-state';
import { factsAsKnown } from './dated-fact';
import {
  foldFacts,
  RelationshipStateView,
  renderBody,
  renderState,
  stateAt,
  stateViewJson,
  streamHeadAsKnown,
} from './state-at';
import { bodyOn, RenderedVersion, renderVersions } from './state-versions';

// docs/domain.md, dates and the state: the relationship on a date (valid time) as the record read at a moment (record time).

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ACTORS: [string, string] = ['AZ', 'CN'];
const LATER = '2030-01-01T00:00:00.000Z';

/** A relationship's log as the store hands it back: revision n at position 100 + 10·n unless told otherwise. */
class Log {
  readonly events: RecordedEvent[] = [];
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  constructor(private readonly positionOf: (n: number) => string = (n) => String(100 + 10 * n)) {}

  private append(event: NewEvent, recordedAt?: string): RecordedEvent {
    const n = this.events.length;
    if (recordedAt !== undefined) this.clock = Date.parse(recordedAt);
    const recorded: RecordedEvent = {
      ...event,
      stream: 'relationship-AZ-CN',
      revision: BigInt(n),
      position: this.positionOf(n),
      metadata: {
        recordedAt: new Date(this.clock).toISOString(),
        recordedBy: 'recorder',
        schemaVersion: SCHEMA_VERSION,
        prevHash: `hash-${n - 1}`,
        hash: `hash-${n}`,
      },
    };
    this.clock += 1000;
    this.events.push(recorded);
    return recorded;
  }

  /** Records a request body of POST /v1/events (validated as the API would). */
  record(body: Record<string, unknown>, recordedAt?: string): RecordedEvent {
    const fact = parseFactInput(body);
    const eventId = fact.eventId ?? uuid(this.events.length + 1);
    return this.append({ eventId, type: fact.type, payload: fact.payload }, recordedAt);
  }

  /** The example body of `type` with its occurredOn and some data fields overridden. */
  fact(type: ExampleFactType, occurredOn: string, data: Record<string, unknown> = {}, recordedAt?: string) {
    const base = exampleFacts[type] as { data: Record<string, unknown> };
    return this.record(
      example(type, { occurredOn, data: { ...structuredClone(base.data), ...data } }),
      recordedAt,
    );
  }

  /** A correction, decided as the API decides it (the changes normalised against the target's schema). */
  correct(targetEventId: string, changes: CorrectionChangesJson, recordedAt?: string, sources?: unknown[]) {
    const [event] = decide(
      {
        kind: 'correct',
        eventId: uuid(500 + this.events.length),
        targetEventId,
        changes,
        reason: 'a better source',
        sources: sources as never,
      },
      foldStream(this.events),
      { today: '2029-12-31' },
    );
    return this.append(event, recordedAt);
  }

  /** A retraction, built by hand. */
  retract(targetEventId: string, recordedAt?: string): RecordedEvent {
    const target = this.events.find((e) => e.eventId === targetEventId)!;
    return this.append(
      {
        eventId: uuid(900 + this.events.length),
        type: 'EventRetracted',
        payload: {
          actors: ACTORS,
          occurredOn: '2026-01-01',
          data: { targetEventId, reason: 'no source says so' },
          sources: target.payload.sources,
        },
      },
      recordedAt,
    );
  }
}

function on(events: RecordedEvent[], at: string, knownAt = LATER): RelationshipStateView {
  const state = stateAt(events, { actors: ACTORS, at, knownAt });
  if (!state) throw new Error(`nothing recorded by ${knownAt}`);
  return state;
}

/** The Azerbaijan–China example: the article's facts, the corrections from other sources, what came after. */
function azerbaijanChina(): RecordedEvent[] {
  const log = new Log();
  articleFacts.forEach((body, i) => log.record(body, i === 0 ? RECORDED.article : undefined));
  corrections.forEach((c, i) =>
    log.correct(c.target, c.body.changes, i === 0 ? RECORDED.corrections : undefined, c.body.sources),
  );
  laterFacts.forEach((body, i) => log.record(body, i === 0 ? RECORDED.later : undefined));
  return log.events;
}

function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

describe('state at a date (docs/domain.md)', () => {
  describe('reduced precision: counts from the start of its period, uncertain until its last day (docs/domain.md)', () => {
    const cases: [string, string, string, [string, boolean, boolean][]][] = [
      [
        'a year, 1992',
        'DiplomaticRelationsEstablished',
        '1992',
        [
          ['1991-12-31', false, false],
          ['1992-01-01', true, true],
          ['1992-06-15', true, true],
          ['1992-12-30', true, true],
          ['1992-12-31', true, false],
          ['1993-01-01', true, false],
        ],
      ],
      [
        'a month, 2024-07',
        'PartnershipDeclared',
        '2024-07',
        [
          ['2024-06-30', false, false],
          ['2024-07-01', true, true],
          ['2024-07-04', true, true],
          ['2024-07-30', true, true],
          ['2024-07-31', true, false],
          ['2024-08-01', true, false],
        ],
      ],
      [
        'a February of a leap year, 2024-02',
        'PartnershipDeclared',
        '2024-02',
        [
          ['2024-01-31', false, false],
          ['2024-02-01', true, true],
          ['2024-02-28', true, true],
          ['2024-02-29', true, false],
        ],
      ],
      [
        'an interval, 2025-04-22/2025-04-24',
        'VisitHeld',
        '2025-04-22/2025-04-24',
        [
          ['2025-04-21', false, false],
          ['2025-04-22', true, true],
          ['2025-04-23', true, true],
          ['2025-04-24', true, false],
          ['2025-04-25', true, false],
        ],
      ],
      [
        'a day, 2024-07-03',
        'PartnershipDeclared',
        '2024-07-03',
        [
          ['2024-07-02', false, false],
          ['2024-07-03', true, false],
          ['2024-07-04', true, false],
        ],
      ],
    ];

    describe.each(cases)('%s', (_name, type, occurredOn, table) => {
      const log = new Log();
      const fact = log.fact(type as ExampleFactType, occurredOn);

      test.each(table)('on %s: counted %s, uncertain %s', (at, counted, uncertain) => {
        const state = on(log.events, at);
        expect(state.eventCount).toBe(counted ? 1 : 0);
        expect(state.uncertain).toEqual(
          uncertain ? [{ eventId: fact.eventId, type, occurredOn, why: expect.stringMatching(/./) }] : [],
        );
      });
    });

    test('the fact itself reads as dated: relations established since 1992 from 1992-01-01 on', () => {
      const log = new Log();
      log.fact('DiplomaticRelationsEstablished', '1992');
      expect(on(log.events, '1991-12-31').relations).toEqual({ status: 'none' });
      expect(on(log.events, '1992-01-01').relations).toMatchObject({ status: 'established', since: '1992' });
      expect(on(log.events, '1992-01-01').uncertain[0].why).toMatch(/year/);
    });

    test('why: a reduced precision names it, an interval names its span', () => {
      const log = new Log();
      log.fact('PartnershipDeclared', '2024-07');
      log.fact('VisitHeld', '2024-07-02/2024-07-05');
      const { uncertain } = on(log.events, '2024-07-03');
      expect(uncertain.map((u) => u.why)).toEqual([
        expect.stringContaining('month'),
        expect.stringMatching(/2024-07-02.*2024-07-05/),
      ]);
    });
  });

  describe('valid-time order: by period start, then by position (docs/domain.md)', () => {
    test('an earlier start comes first whatever the record order: a backdated fact does not supersede', () => {
      const log = new Log();
      const strategic = log.fact('PartnershipDeclared', '2024-07-03', { level: 'strategic partnership' });
      log.fact('PartnershipDeclared', '2024-06', { level: 'comprehensive partnership' });
      expect(on(log.events, '2024-07-05').partnership).toMatchObject({
        eventId: strategic.eventId,
        level: 'strategic partnership',
      });
      expect(on(log.events, '2024-06-15').partnership).toMatchObject({ level: 'comprehensive partnership' });
    });

    test.each([
      ['2024-07 first, 2024-07-01 second', ['2024-07', '2024-07-01']],
      ['2024-07-01 first, 2024-07 second', ['2024-07-01', '2024-07']],
      ['the same date twice', ['2024-07-01', '2024-07-01']],
    ])('same period start (%s): the one recorded later (higher position) wins', (_name, dates) => {
      const log = new Log();
      log.fact('PartnershipDeclared', dates[0], { level: 'partnership' });
      const second = log.fact('PartnershipDeclared', dates[1], { level: 'strategic partnership' });
      const state = on(log.events, '2024-08-01');
      expect(state.partnership).toMatchObject({ eventId: second.eventId, since: dates[1], rank: 3 });
    });

    test('positions are compared as numbers, not as text (9 before 10)', () => {
      const log = new Log((n) => String(9 + n)); // positions 9, 10
      log.fact('PartnershipDeclared', '2024-07-01', { level: 'partnership' });
      const second = log.fact('PartnershipDeclared', '2024-07-01', { level: 'strategic partnership' });
      expect(on(log.events, '2024-07-01').partnership?.eventId).toBe(second.eventId);
      // The events handed over in any order: the fold sorts them itself.
      expect(on([...log.events].reverse(), '2024-07-01').partnership?.eventId).toBe(second.eventId);
    });
  });

  describe('as known at a time: corrections and retractions recorded by knownAt (docs/domain.md)', () => {
    test('a correction moving a date past the query date: counted before it was recorded, not after', () => {
      const log = new Log();
      const relations = log.fact('DiplomaticRelationsEstablished', '1992', {}, '2025-04-20T09:00:00.000Z');
      const correction = log.correct(
        relations.eventId,
        { occurredOn: '1992-04-02' },
        '2025-05-10T09:00:00.000Z',
      );
      const before = '2025-05-10T08:59:59.999Z';
      expect(on(log.events, '1992-02-01', before).relations).toMatchObject({
        status: 'established',
        since: '1992',
      });
      expect(on(log.events, '1992-02-01', before).uncertain).toHaveLength(1);
      // Recorded at or before knownAt: applied.
      expect(on(log.events, '1992-02-01', correction.metadata.recordedAt).relations).toEqual({
        status: 'none',
      });
      expect(on(log.events, '1992-02-01').relations).toEqual({ status: 'none' });
      expect(on(log.events, '1992-02-01').eventCount).toBe(0);
      expect(on(log.events, '1992-04-02')).toMatchObject({
        relations: { status: 'established', since: '1992-04-02', eventId: relations.eventId },
        uncertain: [],
      });
    });

    test('a correction moving a date back before the query date: not counted before it was recorded, counted after', () => {
      const log = new Log();
      const visa = log.fact('VisaPolicyChanged', '2024-08', {}, '2024-09-01T00:00:00.000Z');
      log.correct(visa.eventId, { occurredOn: '2024-07-20' }, '2024-10-01T00:00:00.000Z');
      expect(on(log.events, '2024-07-25', '2024-09-30T00:00:00.000Z').visaPolicies).toEqual([]);
      expect(on(log.events, '2024-07-25', '2024-10-01T00:00:00.000Z').visaPolicies).toEqual([
        expect.objectContaining({ regime: 'visa-free', since: '2024-07-20', eventId: visa.eventId }),
      ]);
    });

    test('a correction of data reads from its record time on', () => {
      const log = new Log();
      const p = log.fact(
        'PartnershipDeclared',
        '2024-07-03',
        { level: 'strategic partnership' },
        '2025-01-01T00:00:00.000Z',
      );
      log.correct(
        p.eventId,
        { data: { level: 'comprehensive strategic partnership', instrument: null } },
        '2025-02-01T00:00:00.000Z',
      );
      expect(on(log.events, '2024-08-01', '2025-01-31T00:00:00.000Z').partnership).toMatchObject({
        level: 'strategic partnership',
        rank: 3,
        instrument: expect.any(String),
      });
      expect(on(log.events, '2024-08-01').partnership).toEqual({
        level: 'comprehensive strategic partnership',
        rank: 4,
        since: '2024-07-03',
        eventId: p.eventId,
      });
    });

    test('two corrections apply in record order: the later one wins', () => {
      const log = new Log();
      const p = log.fact('PartnershipDeclared', '2024', {}, '2025-01-01T00:00:00.000Z');
      log.correct(p.eventId, { occurredOn: '2024-07' }, '2025-02-01T00:00:00.000Z');
      log.correct(p.eventId, { occurredOn: '2024-07-03' }, '2025-03-01T00:00:00.000Z');
      expect(on(log.events, '2024-12-31', '2025-01-15T00:00:00.000Z').partnership?.since).toBe('2024');
      expect(on(log.events, '2024-12-31', '2025-02-15T00:00:00.000Z').partnership?.since).toBe('2024-07');
      expect(on(log.events, '2024-12-31').partnership?.since).toBe('2024-07-03');
    });

    test('a retraction: the fact counts as known before it, and no longer from then on', () => {
      const log = new Log();
      log.fact('DiplomaticRelationsEstablished', '1992-04-02', {}, '2025-01-01T00:00:00.000Z');
      const p = log.fact('PartnershipDeclared', '2024-07', {}, '2025-01-02T00:00:00.000Z');
      const retraction = log.retract(p.eventId, '2025-03-01T00:00:00.000Z');
      const known = on(log.events, '2024-07-10', '2025-02-28T23:59:59.999Z');
      expect(known.partnership?.eventId).toBe(p.eventId);
      expect(known.eventCount).toBe(2);
      expect(known.uncertain.map((u) => u.eventId)).toEqual([p.eventId]);
      const now = on(log.events, '2024-07-10', retraction.metadata.recordedAt);
      expect(now.partnership).toBeNull();
      expect(now.eventCount).toBe(1);
      expect(now.uncertain).toEqual([]);
    });

    test('a correction recorded after a retraction of its target changes nothing', () => {
      const log = new Log();
      const p = log.fact('PartnershipDeclared', '2024-07-03');
      log.retract(p.eventId);
      // decide refuses it; a log that holds one all the same folds without it.
      log.events.push({
        ...log.events[0],
        eventId: uuid(777),
        type: 'EventCorrected',
        revision: 2n,
        position: '999',
        payload: {
          ...log.events[0].payload,
          data: { targetEventId: p.eventId, changes: { occurredOn: '2020' }, reason: 'late' },
        },
      });
      expect(on(log.events, '2025-01-01').partnership).toBeNull();
      expect(on(log.events, '2025-01-01').eventCount).toBe(0);
    });

    test('revision and position are those of the stream head as known at knownAt, amendments included', () => {
      const log = new Log();
      const a = log.fact('DiplomaticRelationsEstablished', '1992', {}, '2025-01-01T00:00:00.000Z');
      const b = log.fact('PartnershipDeclared', '2024-07', {}, '2025-01-02T00:00:00.000Z');
      const c = log.correct(a.eventId, { occurredOn: '1992-04-02' }, '2025-01-03T00:00:00.000Z');
      expect(on(log.events, '2020-01-01', a.metadata.recordedAt)).toMatchObject({
        revision: 0,
        position: '100',
      });
      expect(on(log.events, '2020-01-01', '2025-01-02T12:00:00.000Z')).toMatchObject({
        revision: 1,
        position: b.position,
      });
      // The query date does not matter: the head is a record-time notion.
      expect(on(log.events, '1900-01-01')).toMatchObject({ revision: 2, position: c.position });
      expect(streamHeadAsKnown(log.events)).toEqual({ revision: 2, position: '120' });
      expect(streamHeadAsKnown(log.events, '2024-12-31T00:00:00.000Z')).toBeUndefined();
    });

    test('undefined when nothing about the pair was recorded by knownAt; the empty state before its first fact', () => {
      const log = new Log();
      log.fact('DiplomaticRelationsEstablished', '1992-04-02', {}, '2025-01-01T00:00:00.000Z');
      expect(
        stateAt(log.events, { actors: ACTORS, at: '2025-01-01', knownAt: '2024-12-31T23:59:59.999Z' }),
      ).toBeUndefined();
      expect(stateAt([], { actors: ACTORS, at: '2025-01-01', knownAt: LATER })).toBeUndefined();
      const early = on(log.events, '1990-01-01', '2025-01-01T00:00:00.000Z');
      expect(early).toMatchObject({
        actors: ACTORS,
        at: '1990-01-01',
        knownAt: '2025-01-01T00:00:00.000Z',
        relations: { status: 'none' },
        partnership: null,
        eventCount: 0,
        revision: 0,
        position: '100',
      });
    });
  });

  describe('the Azerbaijan–China example', () => {
    const events = azerbaijanChina();

    test('on 2024-07-04: relations since 1992-04-02, a strategic partnership since 2024-07-03, no visa regime yet', () => {
      const s = on(events, '2024-07-04');
      expect(s.relations).toEqual({
        status: 'established',
        since: '1992-04-02',
        eventId: AZ_CN_IDS.relations,
        level: 'embassy',
      });
      expect(s.partnership).toMatchObject({ level: 'strategic partnership', rank: 3, since: '2024-07-03' });
      expect(s.visaPolicies).toEqual([]);
      expect(s.eventCount).toBe(2);
      expect(s.uncertain).toEqual([]);
      expect(on(events, '2024-06-30').partnership).toBeNull();
    });

    test('on 2024-07-04 as known before the corrections: both July facts counted, and uncertain', () => {
      const s = on(events, '2024-07-04', '2025-05-01T00:00:00.000Z');
      expect(s.partnership).toMatchObject({ level: 'strategic partnership', since: '2024-07' });
      expect(s.visaPolicies).toEqual([expect.objectContaining({ since: '2024-07', regime: 'visa-free' })]);
      expect(s.uncertain.map((u) => u.eventId).sort()).toEqual(
        [AZ_CN_IDS.strategic, AZ_CN_IDS.visaFree].sort(),
      );
      expect(s.revision).toBe(articleFacts.length - 1);
    });

    test('on 2025-04-23: the visit under way, a comprehensive strategic partnership, the visa agreement signed', () => {
      const s = on(events, '2025-04-23');
      expect(s.partnership).toMatchObject({ level: 'comprehensive strategic partnership', rank: 4 });
      expect(s.visits).toMatchObject({ total: 1, upcoming: [] });
      expect(s.visits.last).toMatchObject({ eventId: AZ_CN_IDS.visitHeld });
      expect(s.uncertain.map((u) => u.eventId)).toEqual(expect.arrayContaining([AZ_CN_IDS.visitHeld]));
      expect(s.agreements.signed).toEqual([
        expect.objectContaining({ agreementId: 'mutual-visa-exemption-2025' }),
      ]);
      expect(s.agreements.inForce).toEqual([]);
      expect(on(events, '2025-07-16').agreements.inForce).toEqual([
        expect.objectContaining({ agreementId: 'mutual-visa-exemption-2025', inForceSince: '2025-07-16' }),
      ]);
      expect(on(events, '2025-07-16').anomalies).toEqual([]);
    });
  });

  describe('versions in valid time', () => {
    const events = azerbaijanChina();
    const ALL = '0000-01-01';

    /** The version in force on `at`, as the read model answers it (its JSON, parsed). */
    function fromVersions(evs: RecordedEvent[], at: string, knownAt: string): RelationshipStateView {
      const { versions } = renderVersions(factsAsKnown(evs, knownAt), ALL);
      const head = streamHeadAsKnown(evs, knownAt)!;
      const body = bodyOn(versions, at);
      return JSON.parse(
        stateViewJson(body, { actors: ACTORS, at, knownAt, ...head }),
      ) as RelationshipStateView;
    }

    test('one version per distinct period start, and one on the last day of each uncertain period', () => {
      const { versions } = renderVersions(factsAsKnown(events), ALL);
      expect(versions.map((v) => [v.validFrom, JSON.parse(v.summary).eventCount])).toEqual([
        ['1992-04-02', 1],
        ['2024-07-03', 2],
        ['2024-07-20', 3],
        ['2025-04-01', 6], // the announcement and the two positions, all dated 2025-04
        ['2025-04-22', 7],
        ['2025-04-23', 9], // the comprehensive partnership and the visa agreement
        ['2025-04-24', 9], // the day after the announced visit's planned period, with no holding recorded
        ['2025-04-30', 9], // the last day of 2025-04: those three are no longer uncertain
        ['2025-07-16', 10],
      ]);
    });

    test('a version lists only the uncertainty that has not ended by its first day', () => {
      const log = new Log();
      log.fact('PartnershipDeclared', '2024-07');
      log.fact('VisaPolicyChanged', '2024-07-20');
      log.fact('MeetingHeld', '2024-08-02');
      const { versions } = renderVersions(factsAsKnown(log.events), ALL);
      expect(
        versions.map((v) => [v.validFrom, JSON.parse(bodyOn(versions, v.validFrom)).uncertain.length]),
      ).toEqual([
        ['2024-07-01', 1],
        ['2024-07-20', 1],
        ['2024-07-31', 0],
        ['2024-08-02', 0],
      ]);
    });

    test('an announced visit gets a version on the day after its planned period: it turns overdue', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      const { versions } = renderVersions(factsAsKnown(log.events), ALL);
      const bodyOf = (v: RenderedVersion) =>
        JSON.parse(bodyOn(versions, v.validFrom)) as RelationshipStateView;
      const planned = bodyOf(versions[0]).visits.upcoming[0] as { plannedFor: string };
      const overdueFrom = versions.find(
        (v) => (bodyOf(v).visits.upcoming[0] as { overdue: boolean }).overdue,
      );
      expect(overdueFrom?.validFrom).toBe(
        new Date(Date.parse(planned.plannedFor.slice(-10)) + 86_400_000).toISOString().slice(0, 10),
      );
    });

    test('from a date on: the versions of all the facts that start on or after it', () => {
      const facts = factsAsKnown(events);
      const all = renderVersions(facts, ALL).versions;
      for (const from of ['1992-04-02', '2024-07-04', '2025-04-23', '2025-04-24', '2030-01-01']) {
        expect(renderVersions(facts, from).versions).toEqual(all.filter((v) => v.validFrom >= from));
      }
    });

    test('resumed from the fold of earlier facts: the same versions and the same fold as from the start', () => {
      const facts = factsAsKnown(events);
      const all = renderVersions(facts, ALL);
      for (const through of ['1992-04-02', '2024-07-20', '2025-04-01', '2025-04-23']) {
        const { tail } = renderVersions(
          facts.filter((f) => f.period.start <= through),
          ALL,
        );
        const later = facts.filter((f) => f.period.start > through);
        const from = later.map((f) => f.period.start).sort()[0];
        const resumed = renderVersions(later, from, tail);
        expect(resumed.versions).toEqual(all.versions.filter((v) => v.validFrom >= from));
        expect(resumed.tail).toEqual(all.tail);
      }
    });

    const probes = [
      ...['1991', '1992', '1993', '2000', '2023', '2024', '2025', '2026'].flatMap((y) => [
        `${y}-01-01`,
        `${y}-12-31`,
      ]),
      '1992-04-01',
      '1992-04-02',
      '1992-04-03',
      ...days('2024-06-25', '2024-08-05'),
      ...days('2025-03-25', '2025-05-05'),
      ...days('2025-07-10', '2025-07-25'),
    ];
    const knownAts = [
      ['after everything', LATER],
      ['after the article only', '2025-05-01T00:00:00.000Z'],
      ['after the corrections, before the later facts', '2025-06-01T00:00:00.000Z'],
    ];

    test.each(knownAts)(
      'the version in force on any date renders as stateAt on that date (%s)',
      (_name, knownAt) => {
        for (const at of probes) {
          expect({ at, state: fromVersions(events, at, knownAt) }).toEqual({
            at,
            state: on(events, at, knownAt),
          });
        }
      },
    );

    test('each version is the rendered fold of the facts started by its first day', () => {
      const facts = factsAsKnown(events);
      const { versions } = renderVersions(facts, ALL);
      for (const v of versions) {
        const folded = foldFacts(facts.filter((f) => f.period.start <= v.validFrom));
        expect(bodyOn(versions, v.validFrom)).toBe(JSON.stringify(renderBody(folded, v.validFrom)));
      }
    });

    test('the answer built from a stored body is the text JSON.stringify gives of the whole answer', () => {
      const fold = foldFacts(factsAsKnown(events));
      const context = { actors: ACTORS, at: '2025-04-25', knownAt: LATER, revision: 12, position: '340' };
      expect(stateViewJson(JSON.stringify(renderBody(fold, context.at)), context)).toBe(
        JSON.stringify(renderState(fold, context)),
      );
    });
  });

  describe('upcoming visits', () => {
    test('an announced visit is upcoming; overdue once its planned period has passed with no record of it', () => {
      const log = new Log();
      const announced = log.fact('VisitAnnounced', '2025-04-18');
      expect(on(log.events, '2025-04-17').visits.upcoming).toEqual([]);
      expect(on(log.events, '2025-04-20').visits.upcoming).toEqual([
        expect.objectContaining({
          visitId: 'aliyev-state-visit-2025',
          eventId: announced.eventId,
          overdue: false,
        }),
      ]);
      expect(on(log.events, '2025-04-24').visits.upcoming).toEqual([
        expect.objectContaining({ overdue: false }),
      ]);
      expect(on(log.events, '2025-04-25').visits.upcoming).toEqual([
        expect.objectContaining({ overdue: true }),
      ]);
    });

    test('once held, it is no longer upcoming, nor overdue', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      const held = log.fact('VisitHeld', '2025-04-22/2025-04-24');
      const s = on(log.events, '2025-04-25');
      expect(s.visits).toEqual({
        last: expect.objectContaining({ eventId: held.eventId }),
        upcoming: [],
        total: 1,
      });
    });

    test('a plan of month precision is overdue from the day after the month', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18', { plannedFor: '2025-05' });
      expect(on(log.events, '2025-05-31').visits.upcoming).toEqual([
        expect.objectContaining({ overdue: false }),
      ]);
      expect(on(log.events, '2025-06-01').visits.upcoming).toEqual([
        expect.objectContaining({ overdue: true }),
      ]);
    });

    test('a visit announced with no planned date is never overdue', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04', { plannedFor: undefined });
      expect(on(log.events, '2099-12-31').visits.upcoming).toEqual([
        expect.objectContaining({ overdue: false }),
      ]);
    });
  });
});
