import type { TimelineItem } from './api.js';
import { h } from './dom.js';
import { describeEvent, periodText, typeLabel } from './event-text.js';

type NameOf = (code: string) => string;

/** The page's address for a found fact: its pair's timeline, on the first day of its period. */
export function resultHref(item: Pick<TimelineItem, 'actors' | 'period'>): string {
  const [a, b] = item.actors;
  return `/?${new URLSearchParams({ a, b, at: item.period.start }).toString()}`;
}

/** One line per fact found: its date, its pair, what happened — a link to the pair's timeline there. */
export function renderSearchResults(items: TimelineItem[], nameOf: NameOf): HTMLLIElement[] {
  return items.map((item) =>
    h(
      'li',
      {},
      h(
        'a',
        { href: resultHref(item) },
        `${periodText(item.occurredOn, item.period)} · ${nameOf(item.actors[0])} – ${nameOf(item.actors[1])}`,
      ),
      ` — ${typeLabel(item.type)}: ${describeEvent(item, nameOf)}`,
    ),
  );
}

/** The line above the results: how many facts hold the words (the first page of more), or none. */
export function searchSummary(q: string, page: { items: unknown[]; nextCursor?: string | null }): string {
  return page.items.length === 0
    ? `Nothing recorded holds “${q}”.`
    : `${page.items.length}${page.nextCursor ? ' (the first)' : ''} facts holding “${q}”, best first:`;
}
