import { parsePartialDate } from '../partial-date';
import type { RecordedEvent } from '../recorded-event';
import { DatedFact, factsAsKnown, validTimeOrder } from './dated-fact';
import { applyFact, impliesRelations } from './evolve-relationship';
import { Anomaly, emptyRelationship, RecognitionState, RelationshipFold } from './relationship-state';

/** The answer of GET /v1/relationships/{a}/{b} (docs/domain.md). */
export interface RelationshipStateView {
  actors: [string, string];
  at: string;
  knownAt: string;
  relations: RelationshipFold['relations'];
  partnership: RelationshipFold['partnership'];
  representation: RelationshipFold['representation'];
  agreements: { inForce: unknown[]; signed: unknown[] };
  visaPolicies: unknown[];
  positions: unknown[];
  sanctions: unknown[];
  visits: { last: unknown; upcoming: unknown[]; total: number };
  meetings: { last: unknown; total: number };
  recognition: RecognitionState[];
  expulsions: RelationshipFold['expulsions'];
  uncertain: { eventId: string; type: string; occurredOn: string; why: string }[];
  anomalies: RelationshipFold['anomalies'];
  eventCount: number;
  revision: number;
  position: string;
}

export interface RenderContext {
  actors: [string, string];
  at: string;
  knownAt: string;
  revision: number;
  position: string;
}

/** The last day of a visit's planned period; open-ended when unplanned. */
export function plannedEnd(plannedFor: string | undefined): string {
  return (plannedFor && parsePartialDate(plannedFor)?.end) || '9999-12-31';
}

/** The last day of a partial date's period ('' when it is not one, which only an altered log can hold). */
function lastDay(date: string): string {
  return parsePartialDate(date)?.end ?? '';
}

/**
 * The anomalies on date `at`: those the fold raised, those of order once the order is certain (see
 * `Unsettled`), and a resident embassy or legation kept while relations are recorded severed, once the
 * severance's period has ended (docs/domain.md, "Anomalies").
 */
function anomaliesOn(fold: RelationshipFold, at: string): Anomaly[] {
  const anomalies = [...fold.anomalies];
  for (const { kind, message, eventIds, until } of fold.unsettled) {
    if (until <= at) anomalies.push({ kind, message, eventIds });
  }
  const { relations } = fold;
  if (relations.status === 'severed' && relations.since !== undefined && lastDay(relations.since) <= at) {
    for (const sender of Object.keys(fold.representation).sort()) {
      const mission = fold.representation[sender];
      if (!impliesRelations(mission)) continue;
      anomalies.push({
        kind: 'mission-open-after-severance',
        message: `${sender} keeps a resident ${mission.mission} while relations are recorded as severed`,
        eventIds: [relations.eventId!, mission.eventId],
      });
    }
  }
  return anomalies;
}

/** String.prototype.localeCompare's order, from one collator instead of one made per comparison. */
const collate = new Intl.Collator().compare;

const bySince = <T extends { since: string; eventId: string }>(a: T, b: T) =>
  a.since === b.since ? collate(a.eventId, b.eventId) : a.since < b.since ? -1 : 1;

/** Folds facts (in any order) in valid-time order, onto a copy of `from` when given. */
export function foldFacts(
  facts: DatedFact[],
  from: RelationshipFold = emptyRelationship(),
): RelationshipFold {
  const state = structuredClone(from);
  for (const fact of [...facts].sort(validTimeOrder)) applyFact(state, fact);
  return state;
}

/** The part of the answer that depends on the fold and the date only (no actors, record time or head). */
export type StateBody = Omit<RelationshipStateView, 'actors' | 'at' | 'knownAt' | 'revision' | 'position'>;

type Members = { [K in keyof StateBody]: (fold: RelationshipFold, at: string) => StateBody[K] };

/** How each member of the body is rendered, in the body's order. */
const MEMBERS: Members = {
  relations: (fold) => fold.relations,
  partnership: (fold) => fold.partnership,
  representation: (fold) => fold.representation,
  agreements: (fold) => {
    const agreements = Object.values(fold.agreements).sort((a, b) => collate(a.agreementId, b.agreementId));
    return {
      inForce: agreements.filter((a) => a.status === 'in-force'),
      signed: agreements.filter((a) => a.status === 'signed'),
    };
  },
  // A policy ends with its `until`: listed through the last day of that period, not after.
  visaPolicies: (fold, at) =>
    Object.values(fold.visaPolicies)
      .filter((p) => p.until === undefined || at <= lastDay(p.until))
      .sort(bySince),
  positions: (fold) => Object.values(fold.positions).sort(bySince),
  sanctions: (fold) => Object.values(fold.sanctions).sort(bySince),
  visits: (fold, at) => ({
    last: fold.visits.last,
    // An announced visit whose planned period has passed with no record of it being held or cancelled.
    upcoming: Object.values(fold.visits.upcoming).map((v) => ({
      ...v,
      overdue: plannedEnd(v.plannedFor) < at,
    })),
    total: fold.visits.total,
  }),
  meetings: (fold) => fold.meetings,
  recognition: (fold) => Object.values(fold.recognition).sort(bySince),
  expulsions: (fold) => fold.expulsions,
  // A fact counts from the start of its period; until its last day it may not have happened yet.
  uncertain: (fold, at) =>
    fold.pending
      .filter((p) => at < p.end)
      .map(({ eventId, type, occurredOn, why }) => ({ eventId, type, occurredOn, why })),
  anomalies: anomaliesOn,
  eventCount: (fold) => fold.eventCount,
};

/** The state as the API answers it on date `at` (YYYY-MM-DD): lists in a stable order, uncertainty resolved. */
export function renderBody(fold: RelationshipFold, at: string): StateBody {
  const body: Record<string, unknown> = {};
  for (const member of Object.keys(MEMBERS) as (keyof StateBody)[]) body[member] = MEMBERS[member](fold, at);
  return body as StateBody;
}

/** What the country view shows of a relationship's state. */
export type StateSummary = Pick<
  RelationshipFold,
  'relations' | 'partnership' | 'representation' | 'eventCount' | 'lastEvent'
>;

export function stateSummary(fold: RelationshipFold): StateSummary {
  const { relations, partnership, representation, eventCount, lastEvent } = fold;
  return { relations, partnership, representation, eventCount, lastEvent };
}

/** The whole answer of docs/domain.md: the body on `at` within its context. */
export function renderState(fold: RelationshipFold, context: RenderContext): RelationshipStateView {
  return withContext(renderBody(fold, context.at), context);
}

function withContext(body: StateBody, context: RenderContext): RelationshipStateView {
  return {
    actors: context.actors,
    at: context.at,
    knownAt: context.knownAt,
    ...body,
    revision: context.revision,
    position: context.position,
  };
}

/**
 * The answer's JSON from its body's (renderBody's, kept as text): the same text, byte for byte, as
 * JSON.stringify(renderState(...)), without rendering the body again.
 */
export function answerJson(bodyJson: string, context: RenderContext): string {
  const head = JSON.stringify({ actors: context.actors, at: context.at, knownAt: context.knownAt });
  const tail = JSON.stringify({ revision: context.revision, position: context.position });
  return `${head.slice(0, -1)},${bodyJson.slice(1, -1)},${tail.slice(1)}`;
}

/** Where the stream stood at a record time: its last revision and position recorded by then. */
export function streamHeadAsKnown(
  events: Iterable<RecordedEvent>,
  knownAt?: string,
): { revision: number; position: string } | undefined {
  let head: RecordedEvent | undefined;
  for (const e of events) {
    if (knownAt !== undefined && e.metadata.recordedAt > knownAt) continue;
    if (!head || e.revision > head.revision) head = e;
  }
  return head ? { revision: Number(head.revision), position: head.position } : undefined;
}

/**
 * The relationship on date `at` as the record read at `knownAt`, folded from its stored events.
 * Undefined when nothing about the pair was recorded by `knownAt`.
 */
export function stateAt(
  events: RecordedEvent[],
  query: { actors: [string, string]; at: string; knownAt: string },
): RelationshipStateView | undefined {
  const head = streamHeadAsKnown(events, query.knownAt);
  if (!head) return undefined;
  const facts = factsAsKnown(events, query.knownAt).filter((f) => f.period.start <= query.at);
  return renderState(foldFacts(facts), { ...query, ...head });
}
