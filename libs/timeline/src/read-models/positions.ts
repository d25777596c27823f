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
