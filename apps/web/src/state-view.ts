import type { AgreementState, StateView, VisitState } from './api.js';
import { h, Child } from './dom.js';
import { missionText, NameOf, recognitionKindText } from './event-text.js';
import { formatInstant } from './dates.js';

const none = () => h('span', { class: 'muted' }, 'none recorded');

/** A value with its `since` and, when its date may not have begun yet on the day shown, a mark that says so. */
function since(date: string, eventId: string, state: StateView): Child[] {
  const uncertain = state.uncertain.find((u) => u.eventId === eventId);
  return [
    ` since ${date}`,
    uncertain
      ? h('span', { class: 'badge badge-uncertain', title: uncertain.why }, `uncertain: ${uncertain.why}`)
      : null,
  ];
}

function list(items: Child[][]): Child {
  return items.length === 0 ? none() : h('ul', {}, ...items.map((item) => h('li', {}, ...item)));
}

function agreementText(a: AgreementState): string {
  const title = a.title ?? a.agreementId;
  return a.status === 'in-force'
    ? `${title} (in force since ${a.inForceSince})`
    : `${title} (signed ${a.signedOn})`;
}

function visitText(v: VisitState, nameOf: NameOf): string {
  const visitor = (v.visitor as { name?: string; title?: string } | undefined) ?? {};
  const who = [visitor.name, visitor.title].filter(Boolean).join(', ');
  return `${v.level} visit of ${who || nameOf(v.guest)}, ${v.plannedFor ?? v.occurredOn}${v.overdue ? ' (overdue: not recorded as held)' : ''}`;
}

/** The answer of GET /v1/relationships/{a}/{b} as people read it; the JSON itself below, as it came. */
export function renderState(container: HTMLElement, state: StateView, url: string, nameOf: NameOf): void {
  const [a, b] = state.actors;
  const row = (label: string, id: string, ...value: (Child | Child[])[]) => [
    h('dt', {}, label),
    h('dd', { id: `state-${id}` }, ...value),
  ];
  const { relations, partnership } = state;
  container.replaceChildren(
    h(
      'h3',
      { id: 'state-title' },
      `On ${state.at}`,
      h('span', { class: 'subtitle' }, ` as the record read at ${formatInstant(state.knownAt)}`),
    ),
    h(
      'dl',
      { class: 'facts' },
      row(
        'Relations',
        'relations',
        relations.status === 'none'
          ? none()
          : [
              relations.status,
              relations.level ? ` (${relations.level})` : '',
              ...since(relations.since!, relations.eventId!, state),
              relations.basis === 'representation'
                ? h(
                    'span',
                    {
                      class: 'badge badge-implied',
                      title: 'No relations event is recorded: a resident embassy or legation implies them',
                    },
                    'implied by a resident mission',
                  )
                : null,
            ],
      ),
      row(
        'Partnership',
        'partnership',
        partnership
          ? [
              h('strong', {}, partnership.level),
              h('span', { class: 'muted' }, ` (rank ${partnership.rank ?? 'not in the vocabulary'})`),
              ...since(partnership.since, partnership.eventId, state),
              partnership.instrument ? h('div', { class: 'muted small' }, partnership.instrument) : null,
            ]
          : none(),
      ),
      row(
        'Missions',
        'missions',
        list(
          Object.entries(state.representation).map(([sender, m]) => [
            `${nameOf(sender)} in ${nameOf(sender === a ? b : a)}: ${missionText(m.mission, m.resident, m.city, m.headOfMission, m.headLeft)}`,
            ...since(m.since, m.eventId, state),
          ]),
        ),
      ),
      state.recognition.length > 0
        ? row(
            'Recognition',
            'recognition',
            list(
              state.recognition.map((r) => [
                `${nameOf(r.by)} recognises ${nameOf(r.of)} (${recognitionKindText(r.kind)})`,
                ...since(r.since, r.eventId, state),
              ]),
            ),
          )
        : null,
      state.expulsions.total > 0
        ? row(
            'Expulsions',
            'expulsions',
            `${state.expulsions.total}, last by ${nameOf(state.expulsions.last?.by ?? '?')} on ${state.expulsions.last?.occurredOn ?? '?'}`,
          )
        : null,
      row(
        'Agreements',
        'agreements',
        list([...state.agreements.inForce, ...state.agreements.signed].map((x) => [agreementText(x)])),
      ),
      row(
        'Visas',
        'visas',
        list(
          state.visaPolicies.map((v) => [
            `${v.regime} for citizens of ${nameOf(v.beneficiary)} entering ${nameOf(v.grantedBy)}`,
            v.maxStayDays ? `, up to ${v.maxStayDays} days` : '',
            v.until ? `, until ${v.until}` : '',
            ...since(v.since, v.eventId, state),
          ]),
        ),
      ),
      row(
        'Positions',
        'positions',
        list(
          state.positions.map((p) => [
            `${nameOf(p.by)} ${p.stance} ${p.topic}`,
            ...since(p.since, p.eventId, state),
          ]),
        ),
      ),
      row(
        'Visits',
        'visits',
        state.visits.total === 0 && state.visits.upcoming.length === 0
          ? none()
          : [
              state.visits.last ? `last: ${visitText(state.visits.last, nameOf)}` : '',
              ...state.visits.upcoming.map((v) => h('div', {}, `upcoming: ${visitText(v, nameOf)}`)),
              h('div', { class: 'muted' }, `${state.visits.total} held in all`),
            ],
      ),
      state.sanctions.length > 0
        ? row(
            'Sanctions',
            'sanctions',
            list(
              state.sanctions.map((s) => [
                `by ${nameOf(s.by)}: ${s.scope}`,
                ...since(s.since, s.eventId, state),
              ]),
            ),
          )
        : null,
      state.meetings.total > 0
        ? row(
            'Meetings',
            'meetings',
            `${state.meetings.total}, last on ${state.meetings.last?.occurredOn ?? '?'}`,
          )
        : null,
      state.uncertain.length > 0
        ? row('Uncertain', 'uncertain', list(state.uncertain.map((u) => [`${u.occurredOn}: ${u.why}`])))
        : null,
      state.anomalies.length > 0
        ? row('Anomalies', 'anomalies', list(state.anomalies.map((x) => [x.message])))
        : null,
    ),
    h(
      'p',
      { class: 'muted small' },
      `${state.eventCount} events counted · stream revision ${state.revision} · log position ${state.position}`,
    ),
    h(
      'details',
      { class: 'json' },
      h('summary', {}, 'The JSON the API answered'),
      h('p', {}, h('a', { href: url }, `GET ${url}`)),
      h('pre', { tabindex: '0' }, JSON.stringify(state, null, 2)),
    ),
  );
}
