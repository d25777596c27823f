import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { byPanelOrder, type PanelRow, panelYears } from '@app/domain';
import { PANEL_CSV_HEADER, panelCsvLine, parseInstant, recordPanel } from '@app/timeline';
import { CliContext, openStore, parseCommandArgs, UsageError } from '../cli-context';

/**
 * `export-panel [--from Y] [--to Y] [--years list|step|cow] [--format cow] [--known-at instant] [--out file]`:
 * the record as a dyad-year panel in the columns of the COW Diplomatic Exchange data set
 * (docs/data-sets.md#the-panel), sorted as the data set is (ccode1, ccode2, year).
 */
export async function exportPanelCommand(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(
    'export-panel',
    args,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      years: { type: 'string' },
      format: { type: 'string' },
      'known-at': { type: 'string' },
      out: { type: 'string' },
    },
    { min: 0, max: 0, missing: '' },
  );
  if ((values.format ?? 'cow') !== 'cow') {
    throw new UsageError(`export-panel: --format must be cow (the COW Diplomatic Exchange columns)`);
  }
  let years: number[];
  let knownAt: string | undefined;
  try {
    years = panelYears(Number(values.from ?? 1817), Number(values.to ?? 2005), values.years);
    knownAt = parseInstant('--known-at', values['known-at']);
  } catch (error) {
    throw new UsageError(`export-panel: ${(error as Error).message}`);
  }
  const store = openStore(context, 'reading');
  const rows: PanelRow[] = [];
  try {
    for await (const pair of recordPanel(store, years, knownAt)) rows.push(...pair);
  } finally {
    await store.close();
  }
  rows.sort(byPanelOrder);
  const path = values.out;
  const sink = path ? createWriteStream(path) : process.stdout;
  sink.write(PANEL_CSV_HEADER);
  for (const row of rows) if (!sink.write(panelCsvLine(row))) await once(sink, 'drain');
  if (path) {
    sink.end();
    await once(sink, 'finish');
  }
  context.err(`${rows.length} dyad-years, ${years.length} years${path ? ` to ${path}` : ''}\n`);
  return 0;
}
