/** Calendar days (YYYY-MM-DD, UTC as the API counts them) and their place on the chart. */

const DAY_MS = 86_400_000;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** Days since 1970-01-01: the value of the date slider. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/**
 * The chart draws in the browser's time zone: a day is placed at its local midnight, so that 1992-04-02
 * reads 2 April on the axis wherever the reader is.
 */
export function dayToChart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(2000, m - 1, d);
  date.setFullYear(y);
  return date;
}

export function chartToDay(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  return `${y}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A record time for people: 2026-11-28 09:15:02.123 UTC. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}
