import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fromPosted, LineParser, ParsedLine, parseLines, PostedLine } from './parse-lines';

interface Waiting {
  lines: string[];
  resolve: (parsed: ParsedLine[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Who parses a chunk sent to a thread, settled once (Atomics.compareExchange) between that thread and this
 * one: a cell per chunk in memory both share, reused round the ring (far more than an import has in flight).
 */
export const CLAIM = { open: 0, byThread: 1, here: 2, cells: 1024 } as const;

/** Threads that parse beside the one that writes: one core is left to the writer. */
export function parserThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Parses chunks of import lines on worker threads (parse-worker.ts), so that the catalogue's validation —
 * the larger part of an import's work — runs while the importer's thread decides and writes the chunks
 * before (docs/benchmarks.md, "CLI: import and export"). Chunks go to the threads in turn; until one
 * has loaded its modules, they are parsed in this thread (which would otherwise wait for it); and when this
 * thread would wait for a chunk, it parses one that no thread has started instead (help).
 */
export class WorkerLineParser implements LineParser {
  private readonly waiting = new Map<number, Waiting>();
  private readonly owner = new Map<number, Worker>();
  private sent = 0;
  private readonly claims: Int32Array;
  /** The threads that have said they are ready, in that order. */
  private readonly ready: Worker[] = [];
  readonly threaded = true;

  private constructor(
    private readonly workers: Worker[],
    claims: SharedArrayBuffer,
  ) {
    this.claims = new Int32Array(claims);
    for (const worker of workers) {
      worker.on('message', (message: { ready: true } | { id: number; parsed: PostedLine[] }) => {
        if ('ready' in message) {
          this.ready.push(worker);
          return;
        }
        this.waiting.get(message.id)?.resolve(message.parsed.map(fromPosted));
        this.forget(message.id);
      });
      const fail = (error: unknown) => {
        for (const [id, w] of this.owner) {
          if (w !== worker) continue;
          this.waiting.get(id)?.reject(error);
          this.forget(id);
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`an import parser thread exited (code ${code})`)));
    }
  }

  static start(threads = parserThreads()): WorkerLineParser {
    // Under ts (tests, benches run from source) the thread compiles the TypeScript as it loads it.
    const source = extname(__filename) === '.ts';
    const file = join(__dirname, `parse-worker${extname(__filename)}`);
    const execArgv = source ? ['-r', '@swc-node/register'] : [];
    const claims = new SharedArrayBuffer(CLAIM.cells * Int32Array.BYTES_PER_ELEMENT);
    const workers = Array.from(
      { length: threads },
      () => new Worker(file, { execArgv, workerData: { claims } }),
    );
    return new WorkerLineParser(workers, claims);
  }

  parse(lines: string[]): Promise<ParsedLine[]> {
    if (this.ready.length === 0 || this.waiting.size >= CLAIM.cells)
      return Promise.resolve(parseLines(lines));
    const id = this.sent++;
    const worker = this.ready[id % this.ready.length];
    Atomics.store(this.claims, id % CLAIM.cells, CLAIM.open);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { lines, resolve, reject });
      this.owner.set(id, worker);
      worker.postMessage({ id, lines });
    });
  }

  /**
   * Parses here the first chunk sent that no thread has started: for the writer to call rather than wait
   * for a chunk (its share of the cores then parses too). False when every chunk sent is started or done.
   */
  help(): boolean {
    for (const [id, { lines, resolve }] of this.waiting) {
      if (Atomics.compareExchange(this.claims, id % CLAIM.cells, CLAIM.open, CLAIM.here) !== CLAIM.open)
        continue;
      this.forget(id);
      resolve(parseLines(lines));
      return true;
    }
    return false;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private forget(id: number): void {
    this.waiting.delete(id);
    this.owner.delete(id);
  }
}
