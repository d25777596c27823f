import fc from 'fast-check';
import {
  PARTIAL_DATE_PATTERN,
  parsePartialDate,
  utcDay,
  parsePlainDate,
  parseWithEdtf,
} from './partial-date';

describe('partial dates: EDTF level 0 with the period they cover (docs/domain.md)', () => {
  describe('a year covers the whole year', () => {
    test('1992 → 1992-01-01 … 1992-12-31, precision year', () => {
      expect(parsePartialDate('1992')).toEqual({
        text: '1992',
        start: '1992-01-01',
        end: '1992-12-31',
        precision: 'year',
        interval: false,
      });
    });
  });

  describe('a month covers the whole month', () => {
    test('2024-07 → 2024-07-01 … 2024-07-31, precision month', () => {
      expect(parsePartialDate('2024-07')).toEqual({
        text: '2024-07',
        start: '2024-07-01',
        end: '2024-07-31',
        precision: 'month',
        interval: false,
      });
    });

    test.each([
      ['2024-02', '2024-02-29', 'a leap year'],
      ['2023-02', '2023-02-28', 'a common year'],
      ['2000-02', '2000-02-29', 'a century divisible by 400'],
      ['1900-02', '1900-02-28', 'a century not divisible by 400'],
      ['1990-11', '1990-11-30', 'a 30-day month'],
      ['2024-12', '2024-12-31', 'the last month'],
    ])('%s ends on %s (%s)', (text, end) => {
      const date = parsePartialDate(text);
      expect(date?.start).toBe(`${text}-01`);
      expect(date?.end).toBe(end);
      expect(date?.precision).toBe('month');
    });
  });

  describe('a day covers that day', () => {
    test('2024-07-03 → 2024-07-03 … 2024-07-03, precision day', () => {
      expect(parsePartialDate('2024-07-03')).toEqual({
        text: '2024-07-03',
        start: '2024-07-03',
        end: '2024-07-03',
        precision: 'day',
        interval: false,
      });
    });

    test('29 February exists in a leap year', () => {
      expect(parsePartialDate('2024-02-29')).toMatchObject({ start: '2024-02-29', end: '2024-02-29' });
      expect(parsePartialDate('2000-02-29')).toMatchObject({ start: '2000-02-29', end: '2000-02-29' });
    });
  });

  describe('an interval covers from the start of its first date to the end of its second', () => {
    test('2025-04-22/2025-04-24', () => {
      expect(parsePartialDate('2025-04-22/2025-04-24')).toEqual({
        text: '2025-04-22/2025-04-24',
        start: '2025-04-22',
        end: '2025-04-24',
        precision: 'day',
        interval: true,
      });
    });

    test('its two dates may have different precisions: 1992/2024-07', () => {
      expect(parsePartialDate('1992/2024-07')).toMatchObject({
        start: '1992-01-01',
        end: '2024-07-31',
        interval: true,
      });
    });
  });

  describe('anything else is refused', () => {
    test.each([
      ['2024-02-30', 'a day that does not exist'],
      ['2023-02-29', '29 February of a common year'],
      ['1900-02-29', '29 February of a century not divisible by 400'],
      ['2024-04-31', '31 April'],
      ['2024-13', 'a month that does not exist'],
      ['2024-00', 'month zero'],
      ['July 2024', 'free text'],
      ['1992?', 'EDTF level 1 (uncertain)'],
      ['1992~', 'EDTF level 1 (approximate)'],
      ['2024-XX', 'EDTF level 1 (unspecified digits)'],
      ['2024-07-03T10:00:00', 'a date-time'],
      ['2024-07-03T10:00:00Z', 'a date-time in UTC'],
      ['-0500', 'a negative year'],
      ['2024/1992', 'an interval that ends before it starts'],
      ['2024-07-03/2024-07-02', 'an interval that ends the day before it starts'],
      ['', 'the empty text'],
      ['../2024', 'an open interval'],
      ['2024/..', 'an open interval'],
      ['/2024', 'an interval without a start'],
      ['2024/', 'an interval without an end'],
      ['2024-7-3', 'digits missing'],
      ['20240703', 'the basic format'],
      [' 2024', 'surrounding space'],
    ])('%j (%s)', (text) => {
      expect(parsePartialDate(text)).toBeUndefined();
    });

    test.each([[1992], [null], [undefined], [{}], [['1992']], [new Date('2024-07-03')], [true]])(
      'a value that is not a string: %p',
      (value) => {
        expect(parsePartialDate(value)).toBeUndefined();
      },
    );
  });

  describe('utcDay', () => {
    test('is the UTC calendar date of an instant, whatever the offset it was written with', () => {
      expect(utcDay(new Date('2024-07-03T23:30:00-05:00'))).toBe('2024-07-04');
      expect(utcDay(new Date('2024-07-04T00:30:00+02:00'))).toBe('2024-07-03');
    });
  });
});

/** Every year, month and day form of one year, valid or not: `1992`, `1992-00` … `1992-13-32`. */
function formsOfYear(year: number): string[] {
  const texts = [String(year)];
  for (let month = 0; month <= 13; month++) {
    const mm = String(month).padStart(2, '0');
    texts.push(`${year}-${mm}`);
    for (let day = 0; day <= 32; day++) texts.push(`${year}-${mm}-${String(day).padStart(2, '0')}`);
  }
  return texts;
}

/** The forms of `years` where the fast path and the grammar disagree (one assertion, not one per text). */
function disagreements(years: number[]): Array<{ text: string; fast: unknown; grammar: unknown }> {
  const found = [];
  for (const text of years.flatMap(formsOfYear)) {
    const fast = parsePlainDate(text);
    const grammar = parseWithEdtf(text);
    if (JSON.stringify(fast) !== JSON.stringify(grammar)) found.push({ text, fast, grammar });
  }
  return found;
}

describe('the fast path for plain dates gives exactly what the EDTF grammar gives', () => {
  // Both read a year only through its digits and whether it is a leap year; the grammar takes about a
  // third of a millisecond per text. So every form (477 per year) is compared for the years that decide
  // each case — both ends of the fast path's range (1000–9999), each kind of leap and common year,
  // centuries on either side of the Gregorian rule — and for years drawn at random on every run.
  test('every year, month and day form, for the ends of the range and every kind of leap and common year', () => {
    const years = [
      1000, 1001, 1004, 1600, 1700, 1800, 1899, 1900, 1991, 1992, 2000, 2023, 2024, 2100, 2400, 9996, 9999,
    ];
    expect(disagreements(years)).toEqual([]);
    expect(years.flatMap(formsOfYear)).toHaveLength(years.length * 477);
  });

  test('every year, month and day form, for years drawn at random from the whole range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), (year) => {
        expect(disagreements([year])).toEqual([]);
      }),
      { numRuns: 24 },
    );
  });

  test('anything else goes to the grammar', () => {
    expect(parsePlainDate('2025-04-22/2025-04-24')).toBeNull();
    expect(parsePlainDate('0992')).toBeNull();
    expect(parsePartialDate('2025-04-22/2025-04-24')).toMatchObject({
      start: '2025-04-22',
      end: '2025-04-24',
      interval: true,
    });
  });
});

describe('PARTIAL_DATE_PATTERN, the shape the OpenAPI document gives', () => {
  const pattern = new RegExp(PARTIAL_DATE_PATTERN);
  const part = fc.oneof(
    fc.stringMatching(/^\d{4}(-\d{2}(-\d{2})?)?$/),
    fc.constantFrom('1992', '2024-07', '2024-02-29', '2023-02-29', '0000', '2024-13', '2024-00-10'),
  );
  const text = fc.oneof(
    part,
    fc.tuple(part, part).map(([a, b]) => `${a}/${b}`),
    fc.string({ unit: fc.constantFrom('0', '1', '9', '-', '/', 'x'), maxLength: 24 }),
  );

  test('every date the parser accepts matches it (it is never stricter than the parser)', () => {
    fc.assert(
      fc.property(text, (t) => {
        if (parsePartialDate(t)) expect({ t, matches: pattern.test(t) }).toEqual({ t, matches: true });
      }),
      { numRuns: 5000, seed: 16 },
    );
  });

  test('it refuses what no calendar has: month 13, day 32, a time', () => {
    for (const t of ['2024-13', '2024-01-32', '2024-07-04T10:00', '24-07', '2024/'])
      expect({ t, matches: pattern.test(t) }).toEqual({ t, matches: false });
  });
});
