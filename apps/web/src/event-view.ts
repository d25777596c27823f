import type { Amendment, RecordedEventView, TimelineItem } from './api.js';
import { formatInstant } from './dates.js';
import { h, Child } from './dom.js';
import { describeEvent, NameOf, periodText, sourceText, typeLabel } from './event-text.js';

/** Fields of the catalogue that name one of the two states (docs/domain.md#the-event-catalogue). */
const ACTOR_FIELDS = new Set(['sender', 'by', 'guest', 'grantedBy', 'beneficiary', 'initiatedBy']);

/** `maxStayDays` → "Max stay days". */
function fieldLabel(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join('; ');
  if (typeof value === 'object' && value !== null) {
    const { name, title } = value as { name?: unknown; title?: unknown };
    if (typeof name === 'string') return [name, title].filter((x) => typeof x === 'string').join(', ');
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${valueText(v)}`)
      .join(', ');
  }
  return String(value);
}

function sourcesList(sources: { publisher: string; url?: string }[]): Child {
  return h(
    'ul',
    { class: 'sources' },
    ...sources.map((s) =>
      h(
        'li',
        {},
        sourceText(s),
        s.url ? [' — ', h('a', { href: s.url, rel: 'noopener noreferrer' }, s.url)] : null,
      ),
    ),
  );
}

export interface EventContext {
  nameOf: NameOf;
  /**
   * Corrections recorded after the "known at" moment shown (none when showing the record as it reads now).
   */
  laterCorrections: Amendment[];
  /** "Show the state on this date". */
  showDate(day: string): void;
}

/**
 * One event: what it says, its date and precision, its sources, and every amendment — with the sources of
 * each correction, which only GET /v1/events/{id} gives (fetched after the first paint).
 */
export function renderEvent(
  container: HTMLElement,
  item: TimelineItem,
  context: EventContext,
  recorded?: RecordedEventView,
): void {
  const correctionSources = (c: Amendment) =>
    recorded?.corrections.find((r) => r.eventId === c.eventId)?.sources;
  const amendment = (c: Amendment, extra: Child = null) =>
    h(
      'li',
      {},
      `${formatInstant(c.recordedAt)} by ${c.recordedBy}: ${c.reason}`,
      c.changes?.occurredOn ? ` (date → ${c.changes.occurredOn})` : '',
      extra,
      correctionSources(c) ? sourcesList(correctionSources(c)!) : null,
    );
  const row = (label: string, ...value: Child[]) => [h('dt', {}, label), h('dd', {}, ...value)];
  const dataRows = Object.entries(item.data).map(([key, value]) =>
    row(fieldLabel(key), ACTOR_FIELDS.has(key) ? context.nameOf(String(value)) : valueText(value)),
  );
  container.replaceChildren(
    h('h3', { id: 'event-title' }, typeLabel(item.type)),
    h(
      'p',
      { class: 'event-summary' },
      item.retraction ? h('s', {}, describeEvent(item, context.nameOf)) : describeEvent(item, context.nameOf),
    ),
    h(
      'dl',
      { class: 'facts' },
      row(
        'Date',
        periodText(item.occurredOn, item.period),
        item.original && item.original.occurredOn !== item.occurredOn
          ? h(
              'div',
              { class: 'badge badge-corrected' },
              `corrected: first recorded as ${item.original.occurredOn}`,
            )
          : null,
      ),
      row('Sources', sourcesList(item.sources)),
      item.note ? row('Note', item.note) : null,
      ...dataRows,
      item.corrections.length > 0
        ? row('Corrections', h('ol', {}, ...item.corrections.map((c) => amendment(c))))
        : null,
      context.laterCorrections.length > 0
        ? row(
            'Corrected later',
            h(
              'ol',
              { class: 'later' },
              ...context.laterCorrections.map((c) => amendment(c, ' — not yet known at the moment shown')),
            ),
          )
        : null,
      item.retraction
        ? row(
            'Retracted',
            `${formatInstant(item.retraction.recordedAt)} by ${item.retraction.recordedBy}: ${item.retraction.reason}`,
          )
        : null,
      row(
        'Recorded',
        `${formatInstant(item.recordedAt)} by ${item.recordedBy} · revision ${item.revision} · position ${item.position} · `,
        h('a', { href: `/v1/events/${item.eventId}` }, 'the event as JSON'),
      ),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', id: 'event-show-date' },
      `Show the state on ${item.period.start}`,
    ),
  );
  container
    .querySelector('#event-show-date')!
    .addEventListener('click', () => context.showDate(item.period.start));
}

export function renderNoEvent(container: HTMLElement): void {
  container.replaceChildren(
    h('h3', { id: 'event-title' }, 'Event'),
    h(
      'p',
      { class: 'muted' },
      'Choose an event on the chart or in the list to see its sources and its corrections.',
    ),
  );
}
