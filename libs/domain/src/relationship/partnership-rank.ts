import vocabulary from './partnership-vocabulary.v1.json';

export const PARTNERSHIP_VOCABULARY_VERSION = vocabulary.version;

const labels = new Map<string, number>(Object.entries(vocabulary.labels));

function fold(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The conventional rank of a declared partnership label (1 … 5), or null for a label the vocabulary lacks. */
export function partnershipRank(label: string): number | null {
  const key = fold(label);
  const exact = labels.get(key);
  if (exact !== undefined) return exact;
  const pattern = vocabulary.patterns.find((p) => key.includes(p.contains));
  return pattern ? pattern.rank : null;
}
