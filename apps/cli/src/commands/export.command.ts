import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { eventJson, readLog } from '@app/timeline';
import { CliContext, openStore, parseCommandArgs } from '../cli-context';

/** `export [--out file]`: the whole log as NDJSON, each event with its metadata and hashes, in log order. */
export async function exportCommand(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(
    'export',
    args,
    { out: { type: 'string' } },
    { min: 0, max: 0, missing: '' },
  );
  const path = values.out;
  const store = openStore(context, 'reading');
  const sink = path ? createWriteStream(path) : process.stdout;
  let count = 0;
  try {
    for await (const event of readLog(store)) {
      if (!sink.write(`${JSON.stringify(eventJson(event))}\n`)) await once(sink, 'drain');
      count++;
    }
  } finally {
    await store.close();
    if (path) {
      sink.end();
      await once(sink, 'finish');
    }
  }
  context.err(`exported ${count} events${path ? ` to ${path}` : ''}\n`);
  return 0;
}
