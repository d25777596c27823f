import { parse } from 'csv-parse/sync';
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

/** The file's statuses as missions of the catalogue: "Nonresident" statuses keep their kind, not resident. */
export const STATUS_TO_MISSION: Record<string, { mission: string; resident: boolean }> = {
  Embassy: { mission: 'embassy', resident: true },
  'Ambassador Nonresident': { mission: 'embassy', resident: false },
  Legation: { mission: 'legation', resident: true },
  'Envoy Nonresident': { mission: 'legation', resident: false },
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

/** The events to record, and the rows skipped with the reason (historical states, unknown names or statuses). */
export function usMissionsEvents(rows: UsMissionsRow[], names: Map<string, string>) {
  const events: Record<string, unknown>[] = [];
  const skipped: Skipped[] = [];
  for (const row of rows) {
    const code = names.get(row.name);
    const mission = STATUS_TO_MISSION[row.status];
    if (code === undefined)
      skipped.push({ line: row.line, name: row.name, reason: 'name not in the ISO code table' });
    else if (code === '')
      skipped.push({ line: row.line, name: row.name, reason: 'historical state with no ISO code' });
    else if (!mission)
      skipped.push({ line: row.line, name: row.name, reason: `unknown status "${row.status}"` });
    else {
      events.push({
        eventId: deterministicUuid(`us-missions/transitions.csv:${row.name}:${row.status}:${row.occurredOn}`),
        type: 'RepresentationChanged',
        actors: ['US', code],
        occurredOn: row.occurredOn,
        data: { sender: 'US', ...mission },
        sources: [SOURCE],
        note: `US mission status "${row.status}" in ${row.name}${row.notes ? `; ${row.notes}` : ''}`,
      });
    }
  }
  return { events, skipped };
}
