/** A figures table, rendered as aligned text on the terminal and as Markdown in docs/benchmarks.md. */
export interface Table {
  title: string;
  head: string[];
  rows: string[][];
}

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

export function renderMarkdown(table: Table): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const align = table.head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [row(table.head), row(align), ...table.rows.map(row)].join('\n');
}
