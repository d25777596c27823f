import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { SchemaAudit, type RecordedEvent } from '@app/domain';
import { ChainVerifier, HeadCollector, type LogDigest } from '@app/event-store';

/** What checking an export whole found: every chain holds, or the first line where one does not. */
export type ExportCheck =
  | {
      ok: true;
      events: number;
      streams: number;
      digest: LogDigest;
      /** Events whose schema refuses them now (the chains may hold all the same). */
      schemas: ReturnType<SchemaAudit['report']>;
    }
  | { ok: false; line: number; problem: string };

/** An exported line back into a recorded event (the inverse of eventJson). */
function fromExport(line: string): RecordedEvent {
  const e = JSON.parse(line) as Record<string, unknown>;
  const payload: Record<string, unknown> = {
    actors: e.actors,
    occurredOn: e.occurredOn,
    data: e.data,
    sources: e.sources,
  };
  if (e.note !== undefined) payload.note = e.note;
  return {
    eventId: String(e.eventId),
    type: e.type as RecordedEvent['type'],
    stream: String(e.stream),
    revision: BigInt(e.revision as number),
    position: String(e.position),
    payload: payload as unknown as RecordedEvent['payload'],
    metadata: {
      recordedAt: String(e.recordedAt),
      recordedBy: String(e.recordedBy),
      schemaVersion: Number(e.schemaVersion),
      prevHash: String(e.prevHash),
      hash: String(e.hash),
    },
  };
}

/** Whether a file holds an export (its first line is an event as `export` writes it, hashes and all). */
export async function isExportFile(path: string): Promise<boolean> {
  const input = createReadStream(path);
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      try {
        const first: unknown = JSON.parse(line);
        return (
          typeof first === 'object' &&
          first !== null &&
          typeof (first as { hash?: unknown }).hash === 'string'
        );
      } catch {
        return false; // not JSON: the importer refuses the line and says so
      }
    }
    return false;
  } finally {
    input.destroy(); // only its first line was read
  }
}

/**
 * Checks an export's hash chains from every stream's genesis, in one pass over the file, one head per
 * stream in memory: `verify` prints the result, and `import` runs it before storing anything.
 */
export async function checkExportFile(path: string): Promise<ExportCheck> {
  const verifier = new ChainVerifier();
  const heads = new HeadCollector();
  const schemas = new SchemaAudit();
  let number = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    number++;
    if (line.trim() === '') continue;
    let event: RecordedEvent;
    try {
      event = fromExport(line);
    } catch (error) {
      return { ok: false, line: number, problem: `not an exported event (${(error as Error).message})` };
    }
    heads.add(event);
    if (!verifier.add(event)) {
      const b = verifier.firstBroken!;
      return {
        ok: false,
        line: number,
        problem: `${b.problem} in ${b.stream} at revision ${b.revision} (event ${b.eventId}): expected ${b.expected}, found ${b.found}`,
      };
    }
    schemas.add(event);
  }
  const report = verifier.report();
  return {
    ok: true,
    events: report.events,
    streams: report.streams,
    digest: heads.digest(),
    schemas: schemas.report(),
  };
}
