export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 12345.6 → "12 346" (thin grouping that survives Markdown). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Math.round(value).toLocaleString('en-US').replace(/,/g, ' ');
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

/** Latencies from autocannon, whole milliseconds (medians may add a half): 0 is under a millisecond. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value === 0 ? '< 1 ms' : `${Number.isInteger(value) ? value : value.toFixed(1)} ms`;
}

export function formatMicros(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} µs` : 'n/a';
}
