import type { StateView, TimelineItem } from './api.js';
import { missionText, NameOf, recognitionKindText } from './event-text.js';

/**
 * The bands above the events: relations status, partnership level and each side's mission over time.
 * They are not folded here: the page asks the API for the state on each day where a band may change and
 * draws what it answers, so the bands and the state panel can never disagree.
 */
export interface Band {
  id: string;
  label: string;
}

export interface BandSegment {
  band: string;
  /** First day (inclusive). */
  start: string;
  /** The day the next value starts (exclusive). */
  until: string;
  label: string;
  className: string;
}

/** A fact of reduced precision that sets a band: the band may change on any day of its period. */
export interface UncertainSpan {
  band: string;
  start: string;
  /** Last day (inclusive). */
  last: string;
  occurredOn: string;
}

function bandOf(item: Pick<TimelineItem, 'type' | 'data' | 'actors'>): string | undefined {
  if (item.type.startsWith('DiplomaticRelations')) return 'relations';
  if (item.type === 'PartnershipDeclared') return 'partnership';
  if (item.type === 'RepresentationChanged' || item.type === 'AmbassadorRecalled') {
    return `mission-${String(item.data.sender)}`;
  }
  // Expelling the head of mission leaves the other state's mission headed ad interim.
  if (item.type === 'DiplomatsExpelled' && item.data.includesHeadOfMission === true) {
    return `mission-${item.actors.find((a) => a !== item.data.by) ?? ''}`;
  }
  if (item.type.startsWith('Recognition')) return `recognition-${String(item.data.by)}`;
  return undefined;
}

const counts = (item: TimelineItem) => item.retraction === null && bandOf(item) !== undefined;

/** The days on which a band may change: where a (not retracted) fact that sets one starts. */
export function bandChangeDays(items: TimelineItem[]): string[] {
  return [...new Set(items.filter(counts).map((item) => item.period.start))].sort();
}

export function uncertainSpans(items: TimelineItem[]): UncertainSpan[] {
  return items
    .filter((item) => counts(item) && item.period.end > item.period.start)
    .map((item) => ({
      band: bandOf(item)!,
      start: item.period.start,
      last: item.period.end,
      occurredOn: item.occurredOn,
    }));
}

function valuesOf(state: StateView): Omit<BandSegment, 'start' | 'until'>[] {
  const values: Omit<BandSegment, 'start' | 'until'>[] = [];
  if (state.relations.status !== 'none') {
    const implied = state.relations.basis === 'representation';
    values.push({
      band: 'relations',
      label: `relations ${state.relations.status}${implied ? ' (implied by a resident mission)' : ''}`,
      className: `band band-relations-${state.relations.status}${implied ? ' band-implied' : ''}`,
    });
  }
  if (state.partnership) {
    values.push({
      band: 'partnership',
      label: state.partnership.level,
      className: `band band-partnership band-rank-${state.partnership.rank ?? 'unknown'}`,
    });
  }
  for (const [sender, m] of Object.entries(state.representation).sort(([a], [b]) => a.localeCompare(b))) {
    values.push({
      band: `mission-${sender}`,
      label: missionText(m.mission, m.resident, m.city, m.headOfMission, m.headLeft),
      className: `band band-mission band-mission-${m.mission}${m.resident ? '' : ' band-non-resident'}${m.adInterim ? ' band-ad-interim' : ''}`,
    });
  }
  for (const r of state.recognition) {
    values.push({
      band: `recognition-${r.by}`,
      label: `recognises ${r.of} (${recognitionKindText(r.kind)})`,
      className: `band band-recognition band-recognition-${r.kind}`,
    });
  }
  return values;
}

/**
 * Segments from the states on the change days (in order): each value lasts until the next change day on
 * which it is different, the last ones until `until`. The bands are listed in a fixed order.
 */
export function bandSegments(
  samples: { day: string; state: StateView }[],
  until: string,
  nameOf: NameOf,
): { bands: Band[]; segments: BandSegment[] } {
  const segments: BandSegment[] = [];
  const open = new Map<string, BandSegment>();
  for (const [i, { day, state }] of samples.entries()) {
    const next = samples[i + 1]?.day ?? until;
    const values = valuesOf(state);
    for (const [band, segment] of open) {
      if (!values.some((v) => v.band === band && v.label === segment.label)) open.delete(band);
    }
    for (const value of values) {
      const current = open.get(value.band);
      if (current) current.until = next;
      else {
        const segment = { ...value, start: day, until: next };
        segments.push(segment);
        open.set(value.band, segment);
      }
    }
  }
  const ids = [...new Set(segments.map((s) => s.band))];
  const order = (id: string) =>
    id === 'relations' ? 0 : id === 'partnership' ? 1 : id.startsWith('mission-') ? 2 : 3;
  ids.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const bands = ids.map((id) => ({
    id,
    label:
      id === 'relations'
        ? 'Relations status'
        : id === 'partnership'
          ? 'Partnership level'
          : id.startsWith('recognition-')
            ? `Recognition by ${nameOf(id.slice('recognition-'.length))}`
            : `Mission of ${nameOf(id.slice('mission-'.length))}`,
  }));
  return { bands, segments };
}
