import { factJson } from './fact-rows';
import { KeptFactVersions } from './kept-fact-versions';
import type { FactVersionOfRow } from './read-model-statements';
import { periodOf } from '@app/domain';

/** A version's row: a PositionStated on `day`, open from `opened` to `closed` (ms; null while open). */
function row(id: string, day: string, pos: number, opened: number, closed: number | null): FactVersionOfRow {
  const fact = {
    eventId: id,
    type: 'PositionStated' as const,
    occurredOn: day,
    data: { by: 'AZ', topic: id, stance: 'supports' },
    position: String(pos),
    period: periodOf(day, id),
  };
  return [day, BigInt(opened), closed === null ? null : BigInt(closed), id, BigInt(pos), factJson(fact)];
}

// The versions of four facts as the facts table keeps them, in valid-time order: `b` recorded at 30 and
// corrected at 50 (moved from 1995 to 1993, a version each), `c` backfilled at 40, `d` retracted at 60.
const rows = [
  row('a', '1990-01-01', 1, 10, null),
  row('b', '1993-05-01', 2, 50, null),
  row('c', '1994-01-01', 4, 40, null),
  row('b', '1995-01-01', 2, 30, 50),
  row('d', '1996-01-01', 3, 20, 60),
];
const versions = KeptFactVersions.of(rows);
const ids = (after: string, at: string, k: number) =>
  [...versions.between(after, at, k)].map((f) => f.eventId);

describe('kept fact versions: the facts as known at a record time, from memory', () => {
  test('between: the versions open at k that start after one day and by another, in valid-time order', () => {
    expect(ids('', '2000-01-01', 35)).toEqual(['a', 'b', 'd']);
    expect(ids('', '2000-01-01', 45)).toEqual(['a', 'c', 'b', 'd']);
    expect(ids('', '2000-01-01', 55)).toEqual(['a', 'b', 'c', 'd']);
    expect(ids('', '2000-01-01', 60)).toEqual(['a', 'b', 'c']);
    expect(ids('1990-01-01', '1995-01-01', 45)).toEqual(['c', 'b']);
    expect(ids('', '1989-12-31', 100)).toEqual([]);
  });

  test('between: the parsed facts are frozen, as queries share them', () => {
    const [a] = versions.between('', '1990-01-01', 10);
    expect(Object.isFrozen(a) && Object.isFrozen(a.data)).toBe(true);
  });

  test('lastChange: the last opening or closing by k of the versions that start by a day', () => {
    expect(versions.lastChange('1989-12-31', 100)).toBe(-Infinity);
    expect(versions.lastChange('1990-01-01', 100)).toBe(10);
    expect(versions.lastChange('1993-05-01', 45)).toBe(10); // b's corrected version opens at 50
    expect(versions.lastChange('1995-01-01', 45)).toBe(40);
    expect(versions.lastChange('1995-01-01', 100)).toBe(50);
    expect(versions.lastChange('1996-01-01', 100)).toBe(60);
    expect(versions.lastChange('1996-01-01', 59)).toBe(50);
  });

  test("size: the length of the versions' JSON, which bounds the cache", () => {
    expect(versions.size).toBe(rows.reduce((sum, r) => sum + r[5].length, 0));
  });
});
