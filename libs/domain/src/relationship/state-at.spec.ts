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
  answerJson,
  foldFacts,
  RelationshipStateView,
  renderBody,
  renderState,
  stateAt,
  streamHeadAsKnown,
} from './state-at';
import { DatedFact, validTimeOrder } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';
import { placeSnapshots, snapshotThreshold } from './snapshots';

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

  describe('snapshots: the fold kept part of the way, the facts after it folded on demand', () => {
    const events = azerbaijanChina();
    /** A snapshot after every day with facts: every resumption point is exercised. */
    const EVERY_DAY = { minSize: 1, ratio: 0 };
    const walked = (facts: DatedFact[]) =>
      [...facts]
        .sort(validTimeOrder)
        .map((fact) => ({ fact, size: factSize(fact), openedAt: RECORDED.article }));
    const factSize = (fact: DatedFact) =>
      JSON.stringify({ type: fact.type, occurredOn: fact.occurredOn, data: fact.data }).length;

    /** The answer on `at` as the read model gives it: the last snapshot by then, and the facts after it. */
    function fromSnapshots(evs: RecordedEvent[], at: string, knownAt: string): RelationshipStateView {
      const facts = factsAsKnown(evs, knownAt);
      const { snapshots } = placeSnapshots(undefined, walked(facts), [], EVERY_DAY);
      const snapshot = snapshots.filter((s) => s.through <= at).pop();
      const fold = snapshot ? (JSON.parse(snapshot.json) as RelationshipFold) : emptyRelationship();
      const after = facts.filter((f) => f.period.start > (snapshot?.through ?? '') && f.period.start <= at);
      for (const fact of after.sort(validTimeOrder)) applyFact(fold, fact);
      const head = streamHeadAsKnown(evs, knownAt)!;
      return renderState(fold, { actors: ACTORS, at, knownAt, ...head });
    }

    test('a snapshot once the facts since the previous one outweigh it `ratio` times, never before `minSize`', () => {
      const facts = walked(factsAsKnown(events));
      const policy = { minSize: 300, ratio: 0.5 };
      const { snapshots, tailSize } = placeSnapshots(undefined, facts, [], policy);
      expect(snapshots.length).toBeGreaterThan(1);
      let previous: number | undefined;
      let after = '';
      for (const snapshot of snapshots) {
        const since = facts.filter(
          (f) => f.fact.period.start > after && f.fact.period.start <= snapshot.through,
        );
        const size = since.reduce((n, f) => n + f.size, 0);
        expect(size).toBeGreaterThanOrEqual(snapshotThreshold(previous, policy));
        // Placed on the first day that crosses the threshold, not later.
        const withoutLastDay = since.filter((f) => f.fact.period.start < snapshot.through);
        expect(withoutLastDay.reduce((n, f) => n + f.size, 0)).toBeLessThan(
          snapshotThreshold(previous, policy),
        );
        expect(snapshot.size).toBe(snapshot.json.length);
        previous = snapshot.size;
        after = snapshot.through;
      }
      const rest = facts.filter((f) => f.fact.period.start > after);
      expect(tailSize).toBe(rest.reduce((n, f) => n + f.size, 0));
      expect(tailSize).toBeLessThan(snapshotThreshold(previous, policy));
    });

    test('a snapshot renders, on its day and after, as the fold of every fact started by its day', () => {
      const facts = factsAsKnown(events);
      const { snapshots } = placeSnapshots(undefined, walked(facts), [], EVERY_DAY);
      expect(snapshots.map((s) => s.through)).toEqual([...new Set(facts.map((f) => f.period.start))].sort());
      for (const snapshot of snapshots) {
        const folded = foldFacts(facts.filter((f) => f.period.start <= snapshot.through));
        for (const at of [snapshot.through, '2025-04-30', '2031-01-01'].filter(
          (d) => d >= snapshot.through,
        )) {
          expect(renderBody(JSON.parse(snapshot.json) as RelationshipFold, at)).toEqual(
            renderBody(folded, at),
          );
        }
      }
    });

    test('resumed from any snapshot, the walk places the same snapshots as from the start', () => {
      const facts = walked(factsAsKnown(events));
      const policy = { minSize: 150, ratio: 0.5 };
      const all = placeSnapshots(undefined, facts, [], policy);
      for (const [i, from] of all.snapshots.entries()) {
        const resumed = placeSnapshots(
          from,
          facts.filter((f) => f.fact.period.start > from.through),
          [],
          policy,
        );
        expect(resumed).toEqual({ snapshots: all.snapshots.slice(i + 1), tailSize: all.tailSize });
      }
    });

    test('a snapshot is valid from the latest record time of what it folds: its facts and the versions closed before it', () => {
      const facts = walked(factsAsKnown(events)).map((f, i) => ({
        ...f,
        openedAt: `2026-01-0${1 + (i % 5)}`,
      }));
      const firstDay = facts[0].fact.period.start;
      const closed = [{ start: firstDay, changedAt: '2026-01-09' }];
      const { snapshots } = placeSnapshots(undefined, facts, closed, EVERY_DAY);
      for (const snapshot of snapshots) {
        const folded = facts.filter((f) => f.fact.period.start <= snapshot.through).map((f) => f.openedAt);
        expect(snapshot.knownFrom).toBe([...folded, '2026-01-09'].sort().pop());
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
      'the last snapshot by a date and the facts after it render as stateAt on that date (%s)',
      (_name, knownAt) => {
        for (const at of probes) {
          expect({ at, state: fromSnapshots(events, at, knownAt) }).toEqual({
            at,
            state: on(events, at, knownAt),
          });
        }
      },
    );
  });

  test('the answer built from a body kept as text is the text JSON.stringify gives of the whole answer', () => {
    const events = azerbaijanChina();
    const fold = foldFacts(factsAsKnown(events));
    const context = { actors: ACTORS, at: '2025-04-25', knownAt: LATER, revision: 12, position: '340' };
    expect(answerJson(JSON.stringify(renderBody(fold, context.at)), context)).toBe(
      JSON.stringify(renderState(fold, context)),
    );
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
