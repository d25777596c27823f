import type { ProfileShare, HotFunction } from './support/cpu-profile';
import type { LoadFigures } from './support/http-load';
import type { BuiltStore, LargeStorePlan } from './support/large-store';
import type { ScanFigures } from './support/raw-scan';
import type { WriteFloorFigures } from './support/read-model-write-floor';

/** What bench/read-path.bench.ts measures: its load shapes and its results, read by the report. */

export interface LoadShape {
  connections: number;
  warmUpSeconds: number;
  sliceSeconds: number;
  slices: number;
}

export interface ProjectionFigures {
  /** Events in the store. */
  events: number;
  /** Whether the service reached the head and rendered every version within the budget. */
  finished: boolean;
  /** Seconds from spawn until the checkpoint reached the head (queries answer from then on, folding facts where versions are still to render). */
  headSeconds?: number;
  budgetSeconds: number;
  /** Events the service had projected when it finished (versions rendered) or was stopped, and the seconds since it was spawned. */
  projected: number;
  seconds: number;
  eventsPerSec: number;
  /** Seconds from spawn to the first answer of /health (any status); undefined if none came. */
  firstHealthSeconds?: number;
  peakRssBytes?: number;
  readModelBytes: number;
  /** When the service was stopped: the bench finished the projection itself with the same library. */
  completion?: { events: number; batch: number; seconds: number; eventsPerSec: number };
}

export interface LoadResult {
  label: string;
  warmUp: LoadFigures;
  slices: (LoadFigures & { serverCpuSeconds?: number })[];
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** The server process's CPU time (user + system, /proc) per 2xx answer, median of the slices. */
  serverCpuMicrosPerRequest: number;
}

export interface ReplayFigures {
  /** Whether the service answered within the budget (then the figures are from its answer). */
  answered: boolean;
  budgetSeconds: number;
  ok?: boolean;
  events: number;
  durationMs: number;
  eventsPerSec: number;
  /** Whether a GET /health was sent 1 s into the replay (not if the replay had ended by then). */
  healthSent: boolean;
  /** How long that GET took to be answered; undefined if it got no answer within the budget. */
  healthDuringReplayMs?: number;
}

export interface ReadPathResults {
  bench: 'read-path';
  quick: boolean;
  store: Omit<BuiltStore, 'heavyRecordedAt' | 'lastRecordedAt'> & { plan: LargeStorePlan };
  rawScans: ScanFigures[];
  rawScanPerSec: number;
  projection: ProjectionFigures;
  /** ours (projector) ÷ raw scan + JSON.parse. */
  projectionRatio: number;
  /** Raw better-sqlite3 writing the projected read models' rows into a fresh file: the least a projector of them costs. */
  writeFloor: WriteFloorFigures;
  /** The same floor with the full-text index left empty: what the words cost the floor. */
  writeFloorWithoutWords?: WriteFloorFigures;
  /** Spawn to a 200 from /health on the projected store, each restart. */
  startToHealthySeconds: number[];
  state: {
    connections: number;
    sliceSeconds: number;
    slices: number;
    responseBytes: number;
    ours: LoadResult;
    reference: LoadResult;
    ratio: number;
    /** RSS of the service sampled every 250 ms during its slices: median and largest. */
    rssMedianBytes: number;
    rssMaxBytes: number;
    /** GET /health under the same load: the service's HTTP shell and one SQLite read, against node:http. */
    shell: { ours: LoadResult; reference: LoadResult; ratio: number };
    /** The same state queries answered by raw node:http with our read-model code, no HTTP shell. */
    noShell: { ours: LoadResult; reference: LoadResult; ratio: number };
  };
  knownAt: {
    connections: number;
    sliceSeconds: number;
    slices: number;
    eventsInPair: number;
    foldedMin: number;
    foldedMax: number;
    responseBytes: number;
    /** The service's largest RSS sample while it answered these queries (its kept versions and folds). */
    rssMaxBytes: number;
    ours: LoadResult;
    reference: LoadResult;
    ratio: number;
  };
  replay: ReplayFigures;
  replayRatio: number;
  profiles: {
    state: Profile;
    knownAt: Profile;
    projection: Profile & { events: number; relationships: number; seconds: number };
  };
  buildWarning?: string;
}

export interface Profile {
  seconds: number;
  shares: ProfileShare[];
  hot: HotFunction[];
  /** The request's parts (bench/support/shell-costs.ts): for the query profiles. */
  parts?: { part: string; share: number }[];
}
