import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { Projector } from '../projections/projector';
import type { ReadModelFile } from '../read-models/read-model-file';
import { CLOCK, Clock, EVENT_STORE, READ_MODELS } from '../tokens';
import { projectionLag } from './projection-lag';

export interface ReadSideFigures {
  /** Events of the log the read models do not hold yet. */
  lagEvents: bigint;
  /** How long the oldest of those has waited (record time to now); 0 when there is none. */
  lagSeconds: number;
  /** Events stored: those the read models hold, and the lag. */
  events: bigint;
  relationships: number;
  /** The read-model file on disk (with its write-ahead log); undefined in memory. */
  readModelBytes: number | undefined;
}

/**
 * The figures of the read side that /metrics reports, computed when asked (a scrape), never per request
 * (docs/operations.md, "Metrics").
 */
@Injectable()
export class ReadSideFiguresReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelFile,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projector: Projector,
  ) {}

  async figures(): Promise<ReadSideFigures> {
    const checkpoint = this.projector.checkpoint();
    const lagEvents = await projectionLag(this.store, checkpoint);
    let lagSeconds = 0;
    if (lagEvents > 0n) {
      const [oldest] = await this.store.readAll({ fromPosition: checkpoint, limit: 1 });
      if (oldest) {
        const waited = this.clock.now().getTime() - Date.parse(oldest.metadata.recordedAt);
        lagSeconds = Math.max(0, waited / 1000);
      }
    }
    const totals = this.readModels.totals();
    return {
      lagEvents,
      lagSeconds,
      events: BigInt(totals.events) + lagEvents,
      relationships: totals.relationships,
      readModelBytes: this.readModels.bytes(),
    };
  }
}
