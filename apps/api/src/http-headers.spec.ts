import { HeaderError, parseIfMatch } from './http-headers';

describe('If-Match', () => {
  test.each([
    ['"0"', 0n],
    ['"17"', 17n],
    [' "3" ', 3n],
    ['"-1"', -1n],
  ])('%p is revision %p', (header, revision) => {
    expect(parseIfMatch(header)).toBe(revision);
  });

  test('absent means no precondition', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  test.each(['3', '"03"', 'W/"3"', '"3", "4"', '*', '"-2"', '"abc"'])('%p is refused', (header) => {
    expect(() => parseIfMatch(header)).toThrow(HeaderError);
  });
});
