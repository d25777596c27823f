import type { EventType } from '../catalogue/catalogue';
import { DatedFact, validTimeOrder } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';
import { BODY_MEMBERS, plannedEnd, renderMembers, StateBody } from './state-at';

/**
 * The body's sections: its long lists that few facts change and that do not depend on the date. A version
 * stores each only where it changes; kept whole in every version, they made the read models several
 * times the size of the log (a relationship's versions weighed its history times its state), and their
 * rendering was most of a projection's time. Each costs the state query an index seek: two, the largest.
 */
export const SECTIONS = ['agreements', 'positions'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** The fact types whose facts can change each section (evolve-relationship's cases; a spec checks them). */
export const SECTION_CHANGED_BY: Record<SectionName, readonly EventType[]> = {
  agreements: ['AgreementSigned', 'AgreementEnteredIntoForce', 'AgreementTerminated'],
  positions: ['PositionStated'],
};

/**
 * A version of the answer in valid time: it holds from `validFrom` until the next version's. Its body
 * (renderBody on any date of the version: the same on each of them) is kept as its frame — every member
 * but the sections, rendered for every version — and the sections that changed at this version.
 */
export interface RenderedVersion {
  validFrom: string;
  /**
   * The members before, between and after the sections, each group as JSON without its braces, the
   * groups joined by NUL (which JSON text never holds raw: JSON.stringify writes it \u0000).
   */
  frame: string;
  /** The sections whose JSON differs from the version before (the empty state's, for the first). */
  sections: Partial<Record<SectionName, string>>;
  /** JSON of the version's VersionSummary (the country view reads it without the whole body). */
  summary: string;
}

export type VersionSummary = Pick<RelationshipFold, 'relations' | 'partnership' | 'eventCount' | 'lastEvent'>;

/** The members of the frame: those before the first section, between two, after the last. */
const FRAME_GROUPS: (keyof StateBody)[][] = [[]];
for (const member of BODY_MEMBERS) {
  if ((SECTIONS as readonly string[]).includes(member)) FRAME_GROUPS.push([]);
  else FRAME_GROUPS[FRAME_GROUPS.length - 1].push(member);
}
// assembleBody puts a comma on each side of a section: no group may be empty.
if (FRAME_GROUPS.some((group) => group.length === 0))
  throw new Error('two sections stand together in the body');

const SECTIONS_OF_TYPE = new Map<string, SectionName[]>();
for (const name of SECTIONS) {
  for (const type of SECTION_CHANGED_BY[name]) {
    SECTIONS_OF_TYPE.set(type, [...(SECTIONS_OF_TYPE.get(type) ?? []), name]);
  }
}

const members = (value: object) => JSON.stringify(value).slice(1, -1);
/** Sections do not depend on the date: any will do. */
const sectionJson = (fold: RelationshipFold, name: SectionName) =>
  JSON.stringify(renderMembers(fold, '0000-01-01', [name])[name]);
const frameJson = (fold: RelationshipFold, at: string) =>
  FRAME_GROUPS.map((group) => members(renderMembers(fold, at, group))).join('\u0000');
const EMPTY = emptyRelationship();
/** Each section's JSON in the empty state: in force before a section's first stored change. */
export const EMPTY_SECTIONS: readonly string[] = SECTIONS.map((name) => sectionJson(EMPTY, name));

/**
 * The body's JSON from its parts: a version's frame, and the JSON of each section in force (in SECTIONS
 * order; null or undefined where none is stored yet). The same text as JSON.stringify(renderBody).
 */
export function assembleBody(frame: string, sections: readonly (string | null | undefined)[]): string {
  const groups = frame.split('\u0000');
  let json = `{${groups[0]}`;
  for (let i = 0; i < SECTIONS.length; i++) {
    json += `,"${SECTIONS[i]}":${sections[i] ?? EMPTY_SECTIONS[i]},${groups[i + 1]}`;
  }
  return `${json}}`;
}

/** The body on `at` from rendered versions (all of them, from the first), as a read model assembles it. */
export function bodyOn(versions: readonly RenderedVersion[], at: string): string {
  const inForce = versions.filter((v) => v.validFrom <= at);
  const version = inForce[inForce.length - 1];
  if (!version) return assembleBody(frameJson(EMPTY, at), []);
  const sections = SECTIONS.map(
    (name) => inForce.findLast((v) => v.sections[name] !== undefined)?.sections[name],
  );
  return assembleBody(version.frame, sections);
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
 * per distinct period start and one per date on which uncertainty ends or a visit turns overdue, each
 * section given where it differs from the version before — so the same facts give the same versions
 * however they were recorded or batched. Each version is rendered once and kept as JSON: answering on a
 * date is then a lookup, with nothing to fold or render.
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
  // Each section's JSON as the fold stands, and as the last version (emitted or not) had it.
  const current = SECTIONS.map((name) =>
    start ? sectionJson(state, name) : EMPTY_SECTIONS[SECTIONS.indexOf(name)],
  );
  const previous = [...current];
  const emit = (validFrom: string) => {
    const sections: RenderedVersion['sections'] = {};
    for (let s = 0; s < SECTIONS.length; s++) {
      if (current[s] === previous[s]) continue;
      sections[SECTIONS[s]] = current[s];
      previous[s] = current[s];
    }
    if (validFrom < from) return;
    summary ||= summaryOf(state);
    versions.push({ validFrom, frame: frameJson(state, validFrom), sections, summary });
  };
  const touched = new Set<SectionName>();
  for (let i = 0; i < sorted.length;) {
    const day = sorted[i].period.start;
    if (through !== undefined) for (const d of changesWithoutFacts(state, through, day)) emit(d);
    for (; i < sorted.length && sorted[i].period.start === day; i++) {
      applyFact(state, sorted[i]);
      for (const name of SECTIONS_OF_TYPE.get(sorted[i].type) ?? []) touched.add(name);
    }
    for (const name of touched) current[SECTIONS.indexOf(name)] = sectionJson(state, name);
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
