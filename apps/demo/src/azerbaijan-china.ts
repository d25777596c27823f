import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorrectionChangesJson, SourceRef } from '@app/domain';
import { projectRoot } from '@app/config';

/** One fact in the API's JSON form: the body of POST /v1/events. */
export type FactBody = {
  eventId: string;
  type: string;
  actors: string[];
  occurredOn: string;
  data: Record<string, unknown>;
  sources: SourceRef[];
  note?: string;
};

/** One correction: POST /v1/events/{target}/corrections with `body`. */
export type CorrectionLine = {
  target: string;
  body: { changes: CorrectionChangesJson; reason: string; sources?: SourceRef[] };
};

/** The Azerbaijan–China data set (datasets/azerbaijan-china), in the order it is to be recorded. */
export interface AzerbaijanChina {
  /** What the news article (Caliber.Az, April 2025) states, with its own precision. */
  articleFacts: FactBody[];
  /** The precise dates other sources give, as corrections of the article's facts. */
  corrections: CorrectionLine[];
  /** What happened after the article. */
  laterFacts: FactBody[];
}

export const AZERBAIJAN_CHINA_DIR = join(projectRoot(), 'datasets', 'azerbaijan-china');

function readNdjson<T>(file: string): T[] {
  return readFileSync(join(AZERBAIJAN_CHINA_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export function readAzerbaijanChina(): AzerbaijanChina {
  return {
    articleFacts: readNdjson<FactBody>('1-article.ndjson'),
    corrections: readNdjson<CorrectionLine>('2-corrections.ndjson'),
    laterFacts: readNdjson<FactBody>('3-after-the-article.ndjson'),
  };
}
