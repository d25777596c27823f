import { parentPort } from 'node:worker_threads';
import { parseLines, toPosted } from './parse-lines';

/** A thread of WorkerLineParser: parses the chunks of lines it is sent, answering with their ids. */
parentPort!.on('message', ({ id, lines }: { id: number; lines: string[] }) => {
  parentPort!.postMessage({ id, parsed: parseLines(lines).map(toPosted) });
});
parentPort!.postMessage({ ready: true });
