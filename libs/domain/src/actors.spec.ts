import {
  actorName,
  allActorCodes,
  isKnownActor,
  normalizeActorCode,
  relationshipId,
  streamOf,
} from './actors';

describe('actors (docs/domain.md)', () => {
  describe('a current state is named by its ISO 3166-1 alpha-2 code', () => {
    test.each(['AZ', 'CN', 'US', 'GB', 'DE', 'RU', 'FR'])('%s is a known actor', (code) => {
      expect(isKnownActor(code)).toBe(true);
    });

    test('XK (Kosovo, user-assigned) is a known actor', () => {
      expect(isKnownActor('XK')).toBe(true);
      expect(actorName('XK')).toBe('Kosovo');
    });
  });

  describe('a former state is named by its ISO 3166-3 four-letter code', () => {
    test.each(['SUHH', 'YUCS', 'CSHH', 'DDDE'])('%s is a known actor with a name', (code) => {
      expect(isKnownActor(code)).toBe(true);
      const name = actorName(code);
      expect(typeof name).toBe('string');
      expect(name!.length).toBeGreaterThan(0);
    });

    test('SUHH is the USSR, DDDE the German Democratic Republic', () => {
      expect(actorName('SUHH')).toMatch(/USSR|Soviet/);
      expect(actorName('DDDE')).toMatch(/German Democratic Republic/);
    });
  });

  describe('unknown codes', () => {
    test.each([
      ['QQ', 'user-assigned, unused'],
      ['ZZ', 'user-assigned, unused'],
      ['AZE', 'an alpha-3 code, not alpha-2'],
      ['UK', 'reserved, not the code of the United Kingdom'],
      ['XXXX', 'not an ISO 3166-3 code'],
      ['A', 'too short'],
      ['', 'empty'],
    ])('%s is not a known actor (%s)', (code) => {
      expect(isKnownActor(code)).toBe(false);
    });

    test('an unknown code has no name', () => {
      expect(actorName('QQ')).toBeUndefined();
      expect(actorName('ZZZZ')).toBeUndefined();
    });
  });

  describe('codes are case-insensitive on input and upper-case everywhere else', () => {
    test.each([
      ['az', 'AZ'],
      ['Cn', 'CN'],
      [' xk ', 'XK'],
      ['suhh', 'SUHH'],
      ['AZ', 'AZ'],
    ])('%j normalises to %s', (input, expected) => {
      expect(normalizeActorCode(input)).toBe(expected);
      expect(isKnownActor(normalizeActorCode(input))).toBe(true);
    });
  });

  test("actorName('AZ') is Azerbaijan", () => {
    expect(actorName('AZ')).toBe('Azerbaijan');
    expect(actorName('CN')).toMatch(/China/);
  });

  describe('the code list', () => {
    const codes = allActorCodes();

    test('holds current states, XK and former states, each once', () => {
      expect(codes).toEqual(expect.arrayContaining(['AZ', 'CN', 'XK', 'SUHH', 'YUCS', 'CSHH', 'DDDE']));
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.length).toBeGreaterThan(249);
    });

    test('is upper-case and every code in it is a known actor', () => {
      expect(codes.filter((code) => code !== code.toUpperCase())).toEqual([]);
      expect(codes.filter((code) => !isKnownActor(code))).toEqual([]);
    });
  });

  describe('a relationship is an unordered pair', () => {
    test('its canonical id sorts the codes: CN,AZ → AZ-CN', () => {
      expect(relationshipId('CN', 'AZ')).toBe('AZ-CN');
      expect(relationshipId('AZ', 'CN')).toBe('AZ-CN');
    });

    test('former states sort like any code', () => {
      expect(relationshipId('US', 'SUHH')).toBe('SUHH-US');
      expect(relationshipId('DDDE', 'DE')).toBe('DDDE-DE');
    });

    test('its stream is relationship-<id>, the same for both orders', () => {
      expect(streamOf('CN', 'AZ')).toBe('relationship-AZ-CN');
      expect(streamOf('AZ', 'CN')).toBe(streamOf('CN', 'AZ'));
    });
  });
});
