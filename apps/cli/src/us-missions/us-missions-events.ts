import { parse } from 'csv-parse/sync';
import { actorForPeriod, outsideExistence, parsePartialDate, stateDates } from '@app/domain';
import { deterministicUuid } from '../deterministic-uuid';

/**
 * The US missions data set (US Department of State, Office of the Historian, via Brenton Kenkel's
 * "US Diplomatic Missions", CC-BY 4.0) as RepresentationChanged events, sender US. One event per row
 * of transitions.csv; the reduced precision of the file (a year, a month) is kept.
 */
export const US_MISSIONS_ATTRIBUTION =
  'US Department of State, Office of the Historian, via Brenton Kenkel, "US Diplomatic Missions" (CC-BY 4.0)';

const SOURCE = {
  publisher: 'US Department of State, Office of the Historian',
  title: 'US Diplomatic Missions data set, transitions.csv (CC-BY 4.0)',
  citing: 'Brenton Kenkel, "US Diplomatic Missions", built from the Office of the Historian\'s records',
};

/**
 * The file's statuses as missions of the catalogue: "Nonresident" statuses keep their kind, not resident. An
 * embassy is headed by an ambassador, a legation by an envoy (minister): the status names the head's class
 * (docs/data-sets.md#us-diplomatic-missions).
 */
export const STATUS_TO_MISSION: Record<
  string,
  { mission: string; resident: boolean; headOfMission?: string }
> = {
  Embassy: { mission: 'embassy', resident: true, headOfMission: 'ambassador' },
  'Ambassador Nonresident': { mission: 'embassy', resident: false, headOfMission: 'ambassador' },
  Legation: { mission: 'legation', resident: true, headOfMission: 'minister' },
  'Envoy Nonresident': { mission: 'legation', resident: false, headOfMission: 'minister' },
  Consulate: { mission: 'consulate', resident: true },
  'Consul Nonresident': { mission: 'consulate', resident: false },
  Liaison: { mission: 'liaison-office', resident: true },
  Interests: { mission: 'interests-section', resident: true },
  None: { mission: 'none', resident: false },
};

export interface UsMissionsRow {
  line: number;
  name: string;
  status: string;
  occurredOn: string;
  notes: string;
}

export interface Skipped {
  line: number;
  name: string;
  reason: string;
}

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

/** The State Department's country names and their ISO codes (empty for historical states without one). */
export function parseNameTable(text: string): Map<string, string> {
  return new Map(csvRecords(text).map((r) => [r.state_dept_name, r.iso_code]));
}

export function parseTransitions(text: string): UsMissionsRow[] {
  return csvRecords(text).map((r, i) => {
    const parts = [r.year, r.month, r.day].filter((p) => p !== '' && p !== undefined);
    const occurredOn = [parts[0], ...parts.slice(1).map((p) => p.padStart(2, '0'))].join('-');
    return {
      line: i + 2,
      name: r.state_dept_name,
      status: r.status_change,
      occurredOn,
      notes: r.notes ?? '',
    };
  });
}

/**
 * The events to record, and the rows skipped with the reason (historical states, unknown names or statuses).
 * A name's code is taken by period (docs/data-sets.md#us-diplomatic-missions): Russia between 1922-12-30 and
 * 1991-12-25 is the USSR, SUHH, and the mission in force when a state is continued under another code (SUHH
 * by RU) is recorded in the continuing state from its first day. A row dated before its state became one (a
 * consulate in Dacca in 1949, Bangladesh a state since 1971-12-16) is recorded from the day it did, if the
 * mission was still there then, and skipped if a later row had replaced it before.
 */
export function usMissionsEvents(rows: UsMissionsRow[], names: Map<string, string>) {
  const events: Record<string, unknown>[] = [];
  const skipped: Skipped[] = [];
  const byName = new Map<
    string,
    { row: UsMissionsRow; code: string; start: string; mission: (typeof STATUS_TO_MISSION)[string] }[]
  >();
  for (const row of rows) {
    const named = names.get(row.name);
    const mission = STATUS_TO_MISSION[row.status];
    const skip = (reason: string) => skipped.push({ line: row.line, name: row.name, reason });
    if (named === undefined) skip('name not in the ISO code table');
    else if (named === '') skip('historical state with no ISO code');
    else if (!mission) skip(`unknown status "${row.status}"`);
    else {
      const list = byName.get(row.name) ?? [];
      list.push({
        row,
        code: actorForPeriod(named, row.occurredOn),
        start: parsePartialDate(row.occurredOn)!.start,
        mission,
      });
      byName.set(row.name, list);
    }
  }
  // The last row of each code, whatever the name: only that one's mission continues in a successor.
  const lastOfCode = new Map<string, string>();
  for (const { code, start } of [...byName.values()].flat()) {
    if (start > (lastOfCode.get(code) ?? '')) lastOfCode.set(code, start);
  }
  for (const list of byName.values()) {
    list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.row.line - b.row.line));
    list.forEach(({ row, code, mission }, i) => {
      const next = list[i + 1];
      const state = stateDates(code);
      const period = parsePartialDate(row.occurredOn)!;
      const outside = state && outsideExistence(state, period);
      const event = (occurredOn: string, actor: string, key: string, why: string) =>
        events.push({
          eventId: deterministicUuid(
            `us-missions/transitions.csv:${row.name}:${row.status}:${row.occurredOn}${key}`,
          ),
          type: 'RepresentationChanged',
          actors: ['US', actor],
          occurredOn,
          data: { sender: 'US', ...mission },
          sources: [SOURCE],
          note: `US mission status "${row.status}" in ${row.name}${row.notes ? `; ${row.notes}` : ''}${why}`,
        });
      if (outside === 'after') {
        skipped.push({
          line: row.line,
          name: row.name,
          reason: `after ${code} ceased to be a state (${state!.to})`,
        });
      } else if (outside === 'before') {
        if (mission.mission === 'none' || (next && next.start <= state!.from!)) {
          skipped.push({
            line: row.line,
            name: row.name,
            reason: `before ${code} became a state (${state!.from})${next ? `, replaced before then (line ${next.row.line})` : ', no mission'}`,
          });
        } else {
          event(
            state!.from!,
            code,
            '',
            `; dated ${row.occurredOn} in the file, before ${code} became a state: recorded from ${state!.from}`,
          );
        }
      } else {
        event(row.occurredOn, code, '', '');
        // The state continued under other codes (the same COW state): its mission goes on there.
        for (
          let from = state;
          from?.to && mission.mission !== 'none' && lastOfCode.get(code) === period.start;
        ) {
          const successor = from.successor ? stateDates(from.successor) : undefined;
          if (!successor || !successor.ccodes.some((c) => from!.ccodes.includes(c))) break;
          const day = dayAfter(from.to);
          event(
            day,
            successor.code,
            `:continued-in:${successor.code}`,
            `; continued in ${successor.code} from ${day}, which continues ${from.code}`,
          );
          from = successor;
        }
      }
    });
  }
  return { events, skipped };
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
