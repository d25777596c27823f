/**
 * Record times in rows are milliseconds since 1970 (an integer of six bytes instead of 24 characters of
 * text; the same order). The domain reads them as ISO 8601 text: every time the projection hands it is
 * normalised this way, whether it comes from an event or back from a row, so that the same log gives the
 * same snapshots however it was built.
 */
export const recordTimeToRow = (iso: string): number => Date.parse(iso);

export const recordTimeOfRow = (ms: number | bigint): string => new Date(Number(ms)).toISOString();
