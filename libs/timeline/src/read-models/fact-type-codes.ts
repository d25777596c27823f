import { FACT_TYPES, FactType } from '@app/domain';

/**
 * A fact's type as its row keeps it: a small integer (one or two bytes instead of the name's twenty, in the
 * table and in each index that holds it). The code is a hash of the name, not its place in the catalogue,
 * so that a type added or reordered there does not change the codes of the others.
 */
function codeOf(type: string): number {
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < type.length; i++) {
    hash ^= type.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fff;
}

const CODES = new Map<string, number>(FACT_TYPES.map((type) => [type, codeOf(type)]));
const TYPES = new Map<number, FactType>(FACT_TYPES.map((type) => [codeOf(type), type as FactType]));
if (TYPES.size !== FACT_TYPES.length) {
  throw new Error(
    'two fact types share a code (fact-type-codes.ts): change the hash so that each has its own',
  );
}

export function factTypeCode(type: string): number {
  const code = CODES.get(type);
  if (code === undefined) throw new Error(`${type} is not a fact type`);
  return code;
}

export function factTypeOfCode(code: number): FactType {
  const type = TYPES.get(code);
  if (type === undefined) throw new Error(`no fact type has the code ${code}`);
  return type;
}
