import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readStateSystemSources, STATE_SYSTEM_JSON } from '../../../../datasets/cow/state-system-sources';
import { STATE_SYSTEM } from './states-by-period';

/** The committed list is what the source files (datasets/cow) give: regenerate it when they change. */
describe('the state list (COW State System Membership v2016, by period)', () => {
  test('the committed JSON equals the list built from datasets/cow', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', '..', STATE_SYSTEM_JSON), 'utf8'),
    );
    // On failure: node -r @swc-node/register datasets/cow/build-state-system.ts
    expect(committed).toEqual(readStateSystemSources());
  });

  test('every spell of states2016.csv is in the list, with its days', () => {
    const rows = parse(
      readFileSync(join(__dirname, '..', '..', '..', '..', 'datasets/cow/states2016.csv'), 'utf8'),
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(rows).toHaveLength(243);
    for (const r of rows) {
      const state = STATE_SYSTEM.cow.find((c) => c.ccode === Number(r.ccode))!;
      const from = `${r.styear}-${r.stmonth.padStart(2, '0')}-${r.stday.padStart(2, '0')}`;
      expect(state.spells.map((s) => s.from)).toContain(from);
    }
  });

  test('the USSR: SUHH from 1922-12-30 to 1991-12-25, after the Russian Empire, continued by RU', () => {
    expect(STATE_SYSTEM.states.find((s) => s.code === 'SUHH')).toEqual({
      code: 'SUHH',
      name: 'USSR',
      from: '1922-12-30',
      to: '1991-12-25',
      predecessor: 'RU',
      successor: 'RU',
      ccodes: [365],
    });
    expect(STATE_SYSTEM.states.find((s) => s.code === 'RU')).toMatchObject({ predecessor: 'SUHH' });
  });

  test('a state older than the list, or older than its entry into the system, has no day of becoming one', () => {
    const byCode = (code: string) => STATE_SYSTEM.states.find((s) => s.code === code)!;
    expect(byCode('US').from).toBeUndefined(); // a member since the list begins (1816)
    expect(byCode('JP').from).toBeUndefined(); // entered 1860: a threshold, not Japan's birth
    expect(byCode('MC').from).toBeUndefined(); // entered 1993 (UN membership)
    expect(byCode('BD').from).toBe('1971-12-16');
    expect(byCode('DDDE')).toMatchObject({ from: '1949-10-07', to: '1990-10-02', successor: 'DE' });
  });
});
