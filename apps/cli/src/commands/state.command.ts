import { InvalidInputError, stateAt, streamOf, utcDay } from '@app/domain';
import { parseDay, parseInstant, parsePair } from '@app/timeline';
import { CliContext, openStore, parseCommandArgs, UsageError } from '../cli-context';

/** `state <a> <b> [--at YYYY-MM-DD] [--known-at <instant>]`: the relationship, folded from the log itself. */
export async function stateCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'state',
    args,
    { at: { type: 'string' }, 'known-at': { type: 'string' } },
    { min: 2, max: 2, missing: 'needs two country codes, e.g. state AZ CN --at 2024-07-04' },
  );
  let pair: [string, string];
  let at: string;
  let knownAt: string;
  try {
    pair = parsePair(positionals[0], positionals[1]);
    at = parseDay('--at', values.at) ?? utcDay(new Date());
    knownAt = parseInstant('--known-at', values['known-at']) ?? new Date().toISOString();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new UsageError(`state: ${error.message}`);
    throw error;
  }
  const store = openStore(context, 'reading');
  try {
    const events = await store.readStream(streamOf(...pair));
    const actors = [...pair].sort() as [string, string];
    const state = stateAt(events, { actors, at, knownAt });
    if (!state) {
      context.err(
        `nothing is recorded between ${actors[0]} and ${actors[1]}${values['known-at'] ? ` by ${knownAt}` : ''}\n`,
      );
      return 1;
    }
    context.out(`${JSON.stringify(state, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
