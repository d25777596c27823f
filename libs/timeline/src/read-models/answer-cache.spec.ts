import { AnswerCache } from './answer-cache';

describe('the answer cache: bounded in entries and in size, least recently used out first', () => {
  test('past its entries, the least recently used goes; a read makes an entry recent', () => {
    const cache = new AnswerCache(2, 1000);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // now b is the least recently used
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  test('past its size, entries go until the rest fits', () => {
    const cache = new AnswerCache(100, 80);
    cache.set('a', 'x'.repeat(10));
    cache.set('b', 'y'.repeat(10));
    cache.set('c', 'z'.repeat(9));
    cache.set('d', 'w'.repeat(10)); // 39: all fit
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([true, true, true, true]);
    cache.set('a', 'x'.repeat(10)); // replaced, not counted twice
    cache.set('e', 'v'.repeat(10));
    cache.set('f', 'u'.repeat(10));
    cache.set('g', 'u'.repeat(10)); // 69
    expect(cache.get('b')).toBeDefined(); // b is recent again: c is now the least recently used
    cache.set('h', 'u'.repeat(10)); // 79: fits
    expect(cache.get('c')).toBeDefined();
    cache.set('i', 'u'.repeat(10)); // 89 > 80: the least recently used (d, after c was read) goes, and only it
    expect(cache.get('d')).toBeUndefined();
    expect(['a', 'b', 'c', 'e', 'f', 'g', 'h', 'i'].every((k) => cache.get(k) !== undefined)).toBe(true);
  });

  test('an answer larger than an eighth of the cache is not kept: one answer never takes it over', () => {
    const cache = new AnswerCache(100, 80);
    cache.set('small', 'x');
    cache.set('large', 'y'.repeat(11));
    expect(cache.get('large')).toBeUndefined();
    expect(cache.get('small')).toBe('x');
  });

  test('cleared, it holds nothing', () => {
    const cache = new AnswerCache();
    cache.set('a', 'A');
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});
