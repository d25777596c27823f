import type { EventType } from '../catalogue/catalogue';
import { DatedFact, validTimeOrder } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';
import { BODY_MEMBERS, plannedEnd, renderMember, StateBody } from './state-at';

/** A version of the answer in valid time: it holds from `validFrom` until the next version's. */
export interface RenderedVersion {
  validFrom: string;
  /** JSON of renderBody on any date of the version: the same on each of them. */
  body: string;
  /** JSON of the version's VersionSummary (the country view reads it without the whole body). */
  summary: string;
}

export type VersionSummary = Pick<RelationshipFold, 'relations' | 'partnership' | 'eventCount' | 'lastEvent'>;

/**
 * Members of the body that do not depend on the date and that facts of few types change: the long lists.
 * Rendering every version whole was the largest share of a projection, these lists most of it; their JSON
 * is kept from one version to the next until a fact of a type in MEMBER_CHANGED_BY.
 */
export const KEPT_MEMBERS = ['representation', 'agreements', 'visaPolicies', 'positions'] as const;
export type KeptMember = (typeof KEPT_MEMBERS)[number];

/** The fact types whose facts can change each kept member (evolve-relationship's cases; a spec checks them). */
export const MEMBER_CHANGED_BY: Record<KeptMember, readonly EventType[]> = {
  representation: ['RepresentationChanged'],
  agreements: ['AgreementSigned', 'AgreementEnteredIntoForce', 'AgreementTerminated'],
  visaPolicies: ['VisaPolicyChanged'],
  positions: ['PositionStated'],
};

const KEPT_OF_TYPE = new Map<string, KeptMember[]>();
for (const member of KEPT_MEMBERS) {
  for (const type of MEMBER_CHANGED_BY[member])
    KEPT_OF_TYPE.set(type, [...(KEPT_OF_TYPE.get(type) ?? []), member]);
}

/** A kept member's JSON: it does not depend on the date, any will do. */
const keptJson = (fold: RelationshipFold, member: KeptMember) =>
  JSON.stringify(renderMember(fold, '0000-01-01', member));

/**
 * The body's JSON on `at`, member by member in the body's order, the kept members' JSON taken as given:
 * the same text as JSON.stringify(renderBody(fold, at)) (no member is ever undefined).
 */
function bodyJson(fold: RelationshipFold, at: string, kept: Map<keyof StateBody, string>): string {
  let json = '{';
  for (const member of BODY_MEMBERS) {
    if (json.length > 1) json += ',';
    json += `"${member}":${kept.get(member) ?? JSON.stringify(renderMember(fold, at, member))}`;
  }
  return `${json}}`;
}

/** The body on `at` from rendered versions (all of them, from the first), as a read model answers it. */
export function bodyOn(versions: readonly RenderedVersion[], at: string): string {
  const inForce = versions.filter((v) => v.validFrom <= at);
  return inForce[inForce.length - 1]?.body ?? bodyJson(emptyRelationship(), at, new Map());
}

/** A fold to resume from: the state once every fact that starts on or before `through` is applied. */
export interface FoldPoint {
  fold: RelationshipFold;
  through: string;
}

const DAY_MS = 86_400_000;
const OPEN_END = '9999-12-31';

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Dates strictly after `after` (and before `before`) on which the answer changes with no new fact:
 * an uncertain fact stops being listed on its period's last day, an announced visit turns overdue the
 * day after its planned period.
 */
function changesWithoutFacts(state: RelationshipFold, after: string, before: string | undefined): string[] {
  const dates = new Set<string>();
  const inside = (d: string) => d > after && (before === undefined || d < before);
  for (const p of state.pending) if (inside(p.end)) dates.add(p.end);
  for (const v of Object.values(state.visits.upcoming)) {
    const end = plannedEnd(v.plannedFor);
    if (end !== OPEN_END && inside(dayAfter(end))) dates.add(dayAfter(end));
  }
  return [...dates].sort();
}

/**
 * The versions of a relationship's answer in valid time, from date `from` on. They are canonical — one
 * per distinct period start and one per date on which uncertainty ends or a visit turns overdue — so
 * the same facts give the same versions however they were recorded or batched. Each version is rendered
 * once and kept as JSON: answering on a date is then a lookup, with nothing to fold or render.
 *
 * `facts` are the relationship's live facts, in any order: all of them, or, with `start`, those that
 * start after `start.through` (whose fold is then taken over and changed in place). Returns also the
 * fold after the last fact, to resume from when later facts arrive.
 */
export function renderVersions(
  facts: DatedFact[],
  from: string,
  start?: FoldPoint,
): { versions: RenderedVersion[]; tail: FoldPoint | undefined } {
  const sorted = [...facts].sort(validTimeOrder);
  const state = start?.fold ?? emptyRelationship();
  let through = start?.through;
  const versions: RenderedVersion[] = [];
  let summary = ''; // of the fold as it stands; made again once facts change it
  // The kept members' JSON as the fold stands (see KEPT_MEMBERS).
  const kept = new Map<keyof StateBody, string>(KEPT_MEMBERS.map((m) => [m, keptJson(state, m)]));
  const emit = (validFrom: string) => {
    if (validFrom < from) return;
    summary ||= summaryOf(state);
    versions.push({ validFrom, body: bodyJson(state, validFrom, kept), summary });
  };
  const touched = new Set<KeptMember>();
  for (let i = 0; i < sorted.length;) {
    const day = sorted[i].period.start;
    if (through !== undefined) for (const d of changesWithoutFacts(state, through, day)) emit(d);
    for (; i < sorted.length && sorted[i].period.start === day; i++) {
      applyFact(state, sorted[i]);
      for (const member of KEPT_OF_TYPE.get(sorted[i].type) ?? []) touched.add(member);
    }
    for (const member of touched) kept.set(member, keptJson(state, member));
    touched.clear();
    // Uncertainty that ended before this day is never listed again: the fold sheds it.
    state.pending = state.pending.filter((p) => p.end >= day);
    through = day;
    summary = '';
    emit(day);
  }
  if (through === undefined) return { versions, tail: undefined };
  for (const d of changesWithoutFacts(state, through, undefined)) emit(d);
  return { versions, tail: { fold: state, through } };
}

/** What the country view shows of a relationship's state. */
export function versionSummary(state: RelationshipFold): VersionSummary {
  const { relations, partnership, eventCount, lastEvent } = state;
  return { relations, partnership, eventCount, lastEvent };
}

function summaryOf(state: RelationshipFold): string {
  return JSON.stringify(versionSummary(state));
}
