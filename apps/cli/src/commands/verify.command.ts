import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '@app/domain';
import { SchemaAudit } from '@app/domain';
import { ChainVerifier, HeadCollector } from '@app/event-store';
import { CliContext, UsageError } from '../cli-context';

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

/** `verify <export.ndjson>`: checks the hash chains of an export offline, and prints its digest. */
export async function verifyCommand(args: string[], context: CliContext): Promise<number> {
  const [path] = args;
  if (!path) throw new UsageError('verify needs an export file: npm run cli -- verify <export.ndjson>');
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
      context.out(`line ${number}: not an exported event (${(error as Error).message})\nBROKEN\n`);
      return 1;
    }
    heads.add(event);
    if (!verifier.add(event)) {
      const b = verifier.firstBroken!;
      context.out(
        `line ${number}: ${b.problem} in ${b.stream} at revision ${b.revision} (event ${b.eventId}): expected ${b.expected}, found ${b.found}\nBROKEN\n`,
      );
      return 1;
    }
    schemas.add(event);
  }
  const report = verifier.report();
  context.out(`${report.events} events in ${report.streams} streams: every chain holds\n`);
  context.out(`digest: ${JSON.stringify(heads.digest())}\n`);
  const schemaReport = schemas.report();
  if (!schemaReport.ok) {
    for (const e of schemaReport.invalid) {
      const errors = e.errors.map((f) => `${f.field} ${f.rule}: ${f.message}`).join('; ');
      context.out(
        `event ${e.eventId} (${e.stream} revision ${e.revision}, ${e.type}) fails its schema: ${errors}\n`,
      );
    }
    context.out(
      `${schemaReport.invalidCount} events fail their schema: ${schemaReport.remedy}\nOUT OF SCHEMA\n`,
    );
    return 1;
  }
  context.out('OK\n');
  return 0;
}
