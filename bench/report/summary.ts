import type { CliImportResults } from '../cli-import.bench';
import type { GrowthResults } from '../growth.bench';
import type { HttpPostResults } from '../http-post.bench';
import type { MetricsOverheadResults } from '../metrics-overhead.bench';
import type { ReadPathResults } from '../read-path-results';
import type { SearchResults } from '../search.bench';
import type { StoreAppendResults } from '../store-append.bench';
import type { MachineInfo } from './machine';

/** Everything one `bench/run.ts` run measured: printed as JSON, rendered into docs/benchmarks.md. */
export interface BenchSummary {
  date: string;
  command: string;
  quick: boolean;
  machine: MachineInfo;
  loadAverage: { start: number; end: number };
  /** Wall time of the whole run. */
  seconds: number;
  /** When the dist/ the run used was built (a snapshot of it taken at the start). */
  builtAt: string;
  storeAppend: StoreAppendResults;
  httpPost: HttpPostResults;
  readPath: ReadPathResults;
  metricsOverhead: MetricsOverheadResults;
  growth: GrowthResults;
  cliImport: CliImportResults;
  search: SearchResults;
}
