import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readLog } from '@app/timeline';
import { eventJson } from '@app/timeline';
import { CliContext, openStore } from '../cli-context';

/** `export [--out file]`: the whole log as NDJSON, each event with its metadata and hashes, in log order. */
export async function exportCommand(args: string[], context: CliContext): Promise<number> {
  const outIndex = args.indexOf('--out');
  const path = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const store = openStore(context);
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
