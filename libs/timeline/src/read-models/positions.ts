/**
 * Positions are decimal strings of unsigned 64-bit integers (SQLite rowids, EventStoreDB commit
 * positions). The read model stores them zero-padded to 20 digits so that text order is numeric order.
 */
export function positionKey(position: string): string {
  return position.padStart(20, '0');
}

export function positionOfKey(key: string): string {
  return key.replace(/^0+(?=\d)/, '');
}

export function comparePositions(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * Store positions are unsigned 64-bit, SQLite integers signed: rows keep a position shifted by 2^63,
 * which keeps its order and fits every value exactly.
 */
const SHIFT = 2n ** 63n;

export function positionToRow(position: string): bigint {
  return BigInt(position) - SHIFT;
}

export function positionOfRow(value: bigint): string {
  return String(value + SHIFT);
}
