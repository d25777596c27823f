/** A figures table, rendered as aligned text on the terminal and as Markdown in docs/benchmarks.md. */
export interface Table {
  title: string;
  head: string[];
  rows: string[][];
}

/** docs/ keeps every line within this many characters (checked by test/docs-lines.spec.ts). */
export const DOC_LINE_MAX = 120;

export function renderText(table: Table): string {
  const widths = table.head.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    table.title,
    line(table.head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.rows.map(line),
  ].join('\n');
}

const markdownRow = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/** Every row of the table (head included) as Markdown fits within `max` characters. */
function fits(head: string[], rows: string[][], max: number): boolean {
  return [head, ...rows].every((cells) => markdownRow(cells).length <= max);
}

/**
 * The columns after the first, in groups that fit within `max` beside the first column (which each group
 * repeats); undefined when some column does not fit even alone.
 */
function columnGroups(head: string[], rows: string[][], max: number): number[][] | undefined {
  const groups: number[][] = [];
  let current: number[] = [];
  const pick = (columns: number[]) => (cells: string[]) => [cells[0], ...columns.map((c) => cells[c] ?? '')];
  for (let c = 1; c < head.length; c++) {
    const tried = [...current, c];
    if (fits(pick(tried)(head), rows.map(pick(tried)), max)) {
      current = tried;
      continue;
    }
    if (current.length === 0) return undefined;
    groups.push(current);
    current = [c];
    if (!fits(pick(current)(head), rows.map(pick(current)), max)) return undefined;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return groups;
}

/** Words of `text` on lines of at most `max` characters, the first after `first`, the others after `indent`. */
export function wrapWords(text: string, max: number, first = '', indent = ''): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > max) {
      lines.push(line);
      line = indent + word;
    } else {
      line = empty ? line + word : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Cells longer than this go to the notes before a table is split by columns. */
const LONG_CELL = 40;

/**
 * The table as Markdown whose lines fit within `max` characters (docs/ has no longer lines): the longest
 * cells move, one by one, to numbered notes under the table until it fits; a table still too wide is
 * split by columns, each part beside the first column.
 */
export function renderMarkdown(table: Table, max = DOC_LINE_MAX): string {
  const rows = table.rows.map((r) => [...r]);
  /** The cells moved to the notes, by row and column; numbered in reading order when rendered. */
  const moved = new Map<string, string>();
  const NOTE = '(00)'; // as wide as a note's number, while the notes are not numbered yet
  for (;;) {
    let longest: [number, number] | undefined;
    rows.forEach((cells, r) =>
      cells.forEach((cell, c) => {
        if (!longest || cell.length > rows[longest[0]][longest[1]].length) longest = [r, c];
      }),
    );
    const longestLength = longest ? rows[longest[0]][longest[1]].length : 0;
    const groups = fits(table.head, rows, max)
      ? [table.head.map((_, c) => c).slice(1)]
      : longestLength > LONG_CELL
        ? undefined
        : columnGroups(table.head, rows, max);
    if (groups) {
      const notes: string[] = [];
      rows.forEach((cells, r) =>
        cells.forEach((_, c) => {
          const note = moved.get(`${r},${c}`);
          if (note !== undefined) cells[c] = `(${notes.push(note)})`;
        }),
      );
      const tables = groups.map((columns) => {
        const pick = (cells: string[]) => [cells[0], ...columns.map((c) => cells[c] ?? '')];
        const align = ['---', ...columns.map(() => '---:')];
        return [
          markdownRow(pick(table.head)),
          markdownRow(align),
          ...rows.map((r) => markdownRow(pick(r))),
        ].join('\n');
      });
      const legend = notes.flatMap((note, i) => wrapWords(note, max, `- (${i + 1}) `, '  '));
      return [...tables, ...(legend.length > 0 ? [legend.join('\n')] : [])].join('\n\n');
    }
    if (!longest || longestLength <= 8) {
      throw new Error(`the table "${table.title}" cannot fit within ${max} characters`);
    }
    const [r, c] = longest;
    moved.set(`${r},${c}`, rows[r][c]);
    rows[r][c] = NOTE;
  }
}
