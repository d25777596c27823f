import type { Country, CountryRelationship, MissionSummary } from './api.js';
import { h } from './dom.js';
import { missionText, NameOf, typeLabel } from './event-text.js';

/** GET /v1/countries/{code}/relationships as a table: every relationship of one state on a date. */
export function renderCountry(
  container: HTMLElement,
  code: string,
  at: string,
  rows: CountryRelationship[],
  url: string,
  nameOf: NameOf,
  country?: Country,
): void {
  const link = (counterpart: string) =>
    h('a', { href: `?${new URLSearchParams({ a: code, b: counterpart, at })}` }, nameOf(counterpart));
  const countryLink = (other: string) =>
    h('a', { href: `?${new URLSearchParams({ country: other, at })}` }, nameOf(other));
  const parts = [
    h('h2', { id: 'country-title' }, `Relationships of ${nameOf(code)} on ${at}`),
    lifespan(country, countryLink),
    h(
      'p',
      { class: 'muted' },
      rows.length === 0
        ? `Nothing recorded for ${nameOf(code)} had happened by ${at}.`
        : `${rows.length} states with at least one recorded event by that date. `,
      h('a', { href: url }, 'As JSON'),
    ),
    rows.length === 0
      ? null
      : h(
          'div',
          { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'country-title' },
          h(
            'table',
            { id: 'country-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'State'),
                h('th', { scope: 'col' }, 'Relations'),
                h('th', { scope: 'col' }, 'Partnership'),
                h('th', { scope: 'col' }, `Mission of ${nameOf(code)} there`),
                h('th', { scope: 'col' }, 'Its mission here'),
                h('th', { scope: 'col' }, 'Last event by then'),
              ),
            ),
            h(
              'tbody',
              {},
              ...[...rows]
                .sort((x, y) => nameOf(x.counterpart).localeCompare(nameOf(y.counterpart)))
                .map((r) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, link(r.counterpart)),
                    h(
                      'td',
                      {},
                      r.relations.status === 'none'
                        ? h('span', { class: 'muted' }, 'none recorded')
                        : `${r.relations.status} since ${r.relations.since}${r.relations.basis === 'representation' ? ' (implied by a resident mission)' : ''}`,
                    ),
                    h(
                      'td',
                      {},
                      r.partnership
                        ? `${r.partnership.level} since ${r.partnership.since}`
                        : h('span', { class: 'muted' }, '—'),
                    ),
                    h('td', {}, missionCell(r.missions.sent)),
                    h('td', {}, missionCell(r.missions.received)),
                    h(
                      'td',
                      {},
                      r.lastEvent ? `${typeLabel(r.lastEvent.type)}, ${r.lastEvent.occurredOn}` : '—',
                    ),
                  ),
                ),
            ),
          ),
        ),
  ];
  container.replaceChildren(...parts.filter((part) => part !== null));
}

/**
 * The state's dates from the state list, and the state it continues or that continues it, each a link to
 * its own view (docs/data-sets.md#states-that-existed).
 */
function lifespan(
  country: Country | undefined,
  countryLink: (code: string) => HTMLElement,
): HTMLElement | null {
  if (!country || !(country.from || country.to || country.predecessor || country.successor)) return null;
  const dates =
    country.from && country.to
      ? `A state from ${country.from} to ${country.to}.`
      : country.from
        ? `A state since ${country.from}.`
        : country.to
          ? `A state until ${country.to}.`
          : '';
  return h(
    'p',
    { id: 'country-lifespan' },
    dates,
    country.predecessor ? ' Continues ' : '',
    country.predecessor ? countryLink(country.predecessor) : '',
    country.predecessor ? '.' : '',
    country.successor ? ' Continued by ' : '',
    country.successor ? countryLink(country.successor) : '',
    country.successor ? '.' : '',
  );
}

/** A mission with the class of its head (event-text's words): "embassy, ambassador since 1933-12-13". */
function missionCell(m: MissionSummary | null): HTMLElement | string {
  if (!m) return h('span', { class: 'muted' }, '—');
  return `${missionText(m.mission, m.resident, undefined, m.headOfMission)} since ${m.since}`;
}
