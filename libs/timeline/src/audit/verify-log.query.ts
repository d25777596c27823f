import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SchemaAudit, SchemaReport } from '@app/domain';
import { ChainReport, ChainVerifier, CorruptEventError, HeadCollector, LogDigest } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';
import { parseVerifyBody } from './audit-bodies';
import { readLog } from './read-log';

export interface VerifyResult {
  ok: boolean;
  chains: ChainReport;
  /** Stored events that their schema refuses today (recorded before it tightened), uncorrected. */
  schemas: SchemaReport;
  /** Present when a digest was sent: whether the log still holds exactly the heads it covered. */
  digest: { ok: boolean; expected: LogDigest; found: LogDigest } | null;
}

/**
 * The verification of docs/audit.md: every stream's chain recomputed; with a filed digest, its heads checked
 * too.
 */
export class VerifyLogQuery extends Query<VerifyResult> {
  constructor(readonly body: unknown) {
    super();
  }
}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body }: VerifyLogQuery): Promise<VerifyResult> {
    const { digest } = parseVerifyBody(body);
    const verifier = new ChainVerifier();
    const schemas = new SchemaAudit();
    const heads = digest ? new HeadCollector(digest.position) : undefined;
    try {
      for await (const event of readLog(this.store)) {
        heads?.add(event);
        if (!verifier.add(event)) break;
        schemas.add(event);
      }
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      verifier.firstBroken = {
        stream: error.stream,
        revision: Number(error.revision),
        eventId: error.eventId,
        problem: 'unreadable',
        expected: 'a decodable event',
        found: error.message,
      };
    }
    const chains = verifier.report();
    const schemaReport = schemas.report();
    const sound = chains.ok && schemaReport.ok;
    if (!digest) return { ok: sound, chains, schemas: schemaReport, digest: null };
    const found = heads!.digest();
    const digestOk =
      chains.ok &&
      found.headsHash === digest.headsHash &&
      found.streams === digest.streams &&
      found.events === digest.events;
    return {
      ok: sound && digestOk,
      chains,
      schemas: schemaReport,
      digest: { ok: digestOk, expected: digest, found },
    };
  }
}
