/**
 * Event ids in fact rows: a UUID in its canonical lowercase text (36 characters) is kept as its 16 bytes
 * (a BLOB), any other id as it is (TEXT). The two never compare equal, so a lookup encodes its id the same
 * way; decoding gives the text back exactly. A row per version of a fact: 20 bytes fewer each.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function eventIdToRow(id: string): Buffer | string {
  return CANONICAL_UUID.test(id) ? Buffer.from(id.replace(/-/g, ''), 'hex') : id;
}

export function eventIdOfRow(value: Buffer | Uint8Array | string): string {
  if (typeof value === 'string') return value;
  const hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The same decoding in SQL, for queries that return an event id as text (`column`: the row's event_id). */
export function eventIdTextSql(column: string): string {
  const part = (from: number, length: number) => `substr(hex(${column}), ${from}, ${length})`;
  return `CASE WHEN typeof(${column}) = 'blob' THEN lower(${part(1, 8)} || '-' || ${part(9, 4)} || '-' ||
    ${part(13, 4)} || '-' || ${part(17, 4)} || '-' || ${part(21, 12)}) ELSE ${column} END`;
}
