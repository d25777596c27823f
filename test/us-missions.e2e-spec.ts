import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseNameTable,
  parseTransitions,
  STATUS_TO_MISSION,
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

  test('every row is recorded, except historical states with no ISO code, which are reported', () => {
    expect(events.length + skipped.length).toBe(rows.length);
    expect(new Set(skipped.map((s) => s.reason))).toEqual(new Set(['historical state with no ISO code']));
    expect(skipped.map((s) => s.name)).toContain('Bavaria');
  });

  test('on every date where the file changes (and the day before), the state shows the mission the file gives', async () => {
    const byCode = new Map<string, { start: string; status: string; occurredOn: string }[]>();
    for (const row of rows) {
      const code = names.get(row.name);
      if (!code) continue;
      const list = byCode.get(code) ?? [];
      list.push({ start: firstDay(row.occurredOn), status: row.status, occurredOn: row.occurredOn });
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
          const expected = STATUS_TO_MISSION[inForce.status];
          expect({ code, day, mission: us?.mission, resident: us?.resident, since: us?.since }).toEqual({
            code,
            day,
            mission: expected.mission,
            resident: expected.resident,
            since: inForce.occurredOn,
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

  test('each event cites the data set and its licence', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/US/DE/timeline?limit=1' });
    expect(res.body.items[0].sources[0]).toMatchObject({
      publisher: 'US Department of State, Office of the Historian',
      title: expect.stringContaining('CC-BY 4.0'),
    });
  });
});
