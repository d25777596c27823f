import { parentPort, workerData } from 'node:worker_threads';
import { parseLines, toPosted } from './parse-lines';
import { CLAIM } from './worker-line-parser';

const claims = new Int32Array((workerData as { claims: SharedArrayBuffer }).claims);

/**
 * A thread of WorkerLineParser: parses the chunks of lines it is sent, answering with their ids — each
 * chunk it claims first: one that the writing thread took meanwhile (WorkerLineParser.help) is skipped.
 */
parentPort!.on('message', ({ id, lines }: { id: number; lines: string[] }) => {
  if (Atomics.compareExchange(claims, id % CLAIM.cells, CLAIM.open, CLAIM.byThread) !== CLAIM.open) return;
  parentPort!.postMessage({ id, parsed: parseLines(lines).map(toPosted) });
});
parentPort!.postMessage({ ready: true });
