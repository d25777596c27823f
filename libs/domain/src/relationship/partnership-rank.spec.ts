import vocabulary from './partnership-vocabulary.v1.json';
import { PARTNERSHIP_VOCABULARY_VERSION, partnershipRank } from './partnership-rank';

// docs/partnership-vocabulary.md: a small, versioned vocabulary maps known partnership labels to a conventional rank;
// the label itself is kept as declared, an unknown label has rank null.

describe('partnership rank: a convention of the literature, kept as data (docs/partnership-vocabulary.md)', () => {
  test.each([
    ['partnership', 1],
    ['comprehensive partnership', 2],
    ['strategic partnership', 3],
    ['comprehensive strategic partnership', 4],
  ])('the ranks of the design: "%s" → %i', (label, rank) => {
    expect(partnershipRank(label)).toBe(rank);
  });

  test('partnership < comprehensive partnership < strategic partnership < comprehensive strategic partnership', () => {
    const ranks = [
      'partnership',
      'comprehensive partnership',
      'strategic partnership',
      'comprehensive strategic partnership',
    ].map((label) => partnershipRank(label) as number);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(4);
  });

  test.each([
    'all-weather strategic cooperative partnership',
    'comprehensive strategic partnership of coordination',
    // Not listed as such: the two phrases rank 5 wherever they appear.
    'all-weather friendship',
    'strategic partnership of coordination for a new era',
  ])('a label with "all-weather" or "of coordination" ranks 5: "%s"', (label) => {
    expect(partnershipRank(label)).toBe(5);
  });

  test.each([
    ['Strategic Partnership', 3],
    ['COMPREHENSIVE STRATEGIC PARTNERSHIP', 4],
    ['  strategic   partnership  ', 3],
    ['comprehensive\tstrategic\npartnership', 4],
    ['All-Weather  Strategic Cooperative Partnership', 5],
    ['Comprehensive Strategic Partnership Of\u00a0Coordination', 5],
  ])('case and white space are folded: %j → %i', (label, rank) => {
    expect(partnershipRank(label)).toBe(rank);
  });

  test.each(['eternal friendship', 'strategic', 'partnerships', 'strategic-partnership', '', '   '])(
    'an unknown label has rank null: %j',
    (label) => {
      expect(partnershipRank(label)).toBeNull();
    },
  );

  test('the vocabulary is versioned data: every listed label ranks as listed, in 1 … 5', () => {
    expect(PARTNERSHIP_VOCABULARY_VERSION).toBe(1);
    for (const [label, rank] of Object.entries(vocabulary.labels)) {
      expect({ label, rank: partnershipRank(label) }).toEqual({ label, rank });
      expect(rank).toBeGreaterThanOrEqual(1);
      expect(rank).toBeLessThanOrEqual(5);
      // Labels are stored folded, or the lookup could never find them.
      expect(label).toBe(label.trim().toLowerCase().replace(/\s+/g, ' '));
    }
  });
});
