import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseNameTable,
  parseTransitions,
  usMissionsEvents,
} from '../apps/cli/src/us-missions/us-missions-events';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, NdjsonImporter } from '@app/timeline';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The US missions data set (US Department of State, Office of the Historian, via Brenton Kenkel's
 * "US Diplomatic Missions", CC-BY 4.0; shipped in datasets/us-missions with its attribution),
 * recorded in a shuffled order, gives the US mission in every country at every date that a plain
 * reading of the file gives.
 */
const dir = join(__dirname, '..', 'datasets', 'us-missions');
const names = parseNameTable(readFileSync(join(dir, 'state-department-names.csv'), 'utf8'));
const rows = parseTransitions(readFileSync(join(dir, 'transitions.csv'), 'utf8'));

/** A seeded shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The independent reading: the first day a row's date covers, and the row in force on a day. */
function firstDay(occurredOn: string): string {
  const [y, m = '01', d = '01'] = occurredOn.split('-');
  return `${y}-${m}-${d}`;
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

describe('US missions data set, recorded in any order', () => {
  let t: TestApp;
  let lastPosition = '0';
  const { events, skipped } = usMissionsEvents(rows, names);

  beforeAll(async () => {
    t = await startTestApp();
    // Recorded by the command handler in batch mode (what `import-us-missions` does), into the service's
    // own store: the rules of a POST, without an HTTP round trip per event. The answers come over HTTP.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const importer = new NdjsonImporter(store, t.clock, 'test:us-missions');
    for (const event of shuffled(events, 20261127)) await importer.add(JSON.stringify(event));
    const summary = await importer.finish();
    if (summary.accepted !== events.length) throw new Error(`not all recorded: ${JSON.stringify(summary)}`);
    lastPosition = (await store.headPosition())!;
  }, 60_000);
  afterAll(() => t.close());

  test('every row is recorded, except historical states with no ISO code and rows replaced before their state existed, which are reported', () => {
    const continued = events.filter((e) => String(e.note).includes('; continued in '));
    expect(events.length - continued.length + skipped.length).toBe(rows.length);
    const reasons = new Set(skipped.map((s) => s.reason.replace(/ \(.*$/, '')));
    expect(reasons).toContain('historical state with no ISO code');
    expect(skipped.map((s) => s.name)).toContain('Bavaria');
    expect(skipped.find((s) => s.line === 64)).toEqual({
      line: 64,
      name: 'Brunei',
      reason: 'before BN became a state (1984-01-01), replaced before then (line 65)',
    });
  });

  test('on every date where the recorded missions change (and the day before), the state shows the mission in force', async () => {
    // The file's rows by the code of their period (docs/data-sets.md#us-diplomatic-missions): the reading of
    // the rows into codes is the importer's, checked in us-missions-events.spec.ts; here, the fold of them.
    const byCode = new Map<string, { start: string; data: Record<string, unknown>; occurredOn: string }[]>();
    for (const event of events) {
      const code = (event.actors as string[])[1];
      const list = byCode.get(code) ?? [];
      list.push({
        start: firstDay(String(event.occurredOn).split('/')[0]),
        data: event.data as Record<string, unknown>,
        occurredOn: String(event.occurredOn),
      });
      byCode.set(code, list);
    }
    let checked = 0;
    for (const [code, transitions] of byCode) {
      transitions.sort((a, b) => (a.start < b.start ? -1 : 1));
      const probes = new Set<string>(['2024-12-31']);
      for (const tr of transitions) {
        probes.add(tr.start);
        probes.add(dayBefore(tr.start));
      }
      for (const day of probes) {
        const inForce = transitions.filter((tr) => tr.start <= day).pop();
        const res = await t.request({
          method: 'GET',
          url: `/v1/relationships/US/${code}?at=${day}&minPosition=${lastPosition}`,
        });
        expect(res.status).toBe(200);
        const us = res.body.representation.US;
        if (!inForce) {
          expect({ code, day, us }).toEqual({ code, day, us: undefined });
        } else {
          const expected = inForce.data;
          expect({
            code,
            day,
            mission: us?.mission,
            resident: us?.resident,
            head: us?.headOfMission,
          }).toEqual({
            code,
            day,
            mission: expected.mission,
            resident: expected.resident,
            head: expected.headOfMission,
          });
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  }, 60_000);

  test('Germany: no US mission between 1941-12-11 and 1955-05-14, an embassy after', async () => {
    const at = async (day: string) =>
      (await t.request({ method: 'GET', url: `/v1/relationships/US/DE?at=${day}` })).body.representation.US;
    expect((await at('1950-06-01')).mission).toBe('none');
    expect(await at('1955-05-14')).toMatchObject({ mission: 'embassy', resident: true, since: '1955-05-14' });
  });

  test('the USSR is SUHH: on 1950-01-01 the US has an embassy headed by an ambassador there, and RU continues it', async () => {
    const suhh = await t.request({ method: 'GET', url: '/v1/relationships/US/SUHH?at=1950-01-01' });
    expect(suhh.status).toBe(200);
    expect(suhh.body.representation.US).toMatchObject({
      mission: 'embassy',
      headOfMission: 'ambassador',
      since: '1933-12-13',
    });
    const ru = await t.request({ method: 'GET', url: '/v1/relationships/US/RU?at=1995-01-01' });
    expect(ru.body.representation.US).toMatchObject({ mission: 'embassy', since: '1991-12-26' });
    const before = await t.request({ method: 'GET', url: '/v1/relationships/US/RU?at=1950-01-01' });
    expect(before.body.representation.US).toMatchObject({ mission: 'none', since: '1919-09-14' });
  });

  test('the US country view of 1950 gives each mission with the class of its head', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/countries/US/relationships?at=1950-01-01' });
    const row = (code: string) => res.body.items.find((r: { counterpart: string }) => r.counterpart === code);
    expect(row('SUHH').missions).toEqual({
      sent: { mission: 'embassy', resident: true, headOfMission: 'ambassador', since: '1933-12-13' },
      received: null,
    });
    expect(row('IN').missions.sent).toMatchObject({
      mission: 'embassy',
      headOfMission: 'ambassador',
      since: '1947-08-15',
    });
  });

  test('a fact dated before a state existed is listed under the state’s anomalies', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: {
        type: 'RepresentationChanged',
        actors: ['US', 'SS'],
        occurredOn: '1950-08-29',
        data: { sender: 'US', mission: 'consulate', resident: true },
        sources: [{ publisher: 'A test' }],
      },
    });
    expect(res.status).toBe(201);
    const state = await t.request({
      method: 'GET',
      url: `/v1/relationships/US/SS?at=2020-01-01&minPosition=${res.body.position}`,
    });
    expect(state.body.anomalies).toEqual([
      {
        kind: 'before-state-existed',
        message: 'dated before SS became a state (2011-07-09)',
        eventIds: [res.body.eventId],
      },
    ]);
  });

  test('a consulate in Dacca of 1949 is recorded in Bangladesh from the day it became a state (1971-12-16)', async () => {
    const at = async (day: string) =>
      (await t.request({ method: 'GET', url: `/v1/relationships/US/BD?at=${day}` })).body.representation?.US;
    expect(await at('1971-12-15')).toBeUndefined();
    expect(await at('1971-12-16')).toMatchObject({ mission: 'consulate', since: '1971-12-16' });
  });

  test('each event cites the data set and its licence', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/US/DE/timeline?limit=1' });
    expect(res.body.items[0].sources[0]).toMatchObject({
      publisher: 'US Department of State, Office of the Historian',
      title: expect.stringContaining('CC-BY 4.0'),
    });
  });
});
