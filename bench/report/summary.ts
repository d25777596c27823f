import type { HttpPostResults } from '../http-post.bench';
import type { StoreAppendResults } from '../store-append.bench';
import type { MachineInfo } from './machine';

/** Everything one `bench/run.ts` run measured: printed as JSON, rendered into docs/benchmarks.md. */
export interface BenchSummary {
  date: string;
  command: string;
  quick: boolean;
  machine: MachineInfo;
  loadAverage: { start: number; end: number };
  storeAppend: StoreAppendResults;
  httpPost: HttpPostResults;
}
