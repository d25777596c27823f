import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { catchUp } from '../projections/catch-up';
import { Projector } from '../projections/projector';
import { ReadModelFile } from '../read-models/read-model-file';
import { StateReader } from '../read-models/state-reader';
import { EVENT_STORE, READ_MODELS } from '../tokens';
import { parseReplayBody } from './audit-bodies';

export interface ReplayReport {
  ok: boolean;
  events: number;
  position: string | null;
  durationMs: number;
  liveDigest: string;
  replayDigest: string;
  swapped: boolean;
}

/** A replay is running already (HTTP 409): one at a time. */
export class ReplayInProgressError extends Error {
  constructor() {
    super('a replay of the read models is already running; try again when it has finished');
    this.name = 'ReplayInProgressError';
  }
}

const REPLAY_BATCH = 2000;

/**
 * The replay of docs/audit.md: rebuild every read model from position 0 into fresh tables beside the live ones,
 * compare the digests of the two at the same log position, and with `swap` switch to the rebuilt ones.
 * Reads and writes go on meanwhile; only the final comparison holds the live projector still.
 */
export class ReplayReadModelsCommand extends Command<ReplayReport> {
  constructor(readonly body: unknown) {
    super();
  }
}

@CommandHandler(ReplayReadModelsCommand)
export class ReplayReadModelsHandler implements ICommandHandler<ReplayReadModelsCommand> {
  private running = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelFile,
    private readonly projector: Projector,
    private readonly reader: StateReader,
  ) {}

  async execute({ body }: ReplayReadModelsCommand): Promise<ReplayReport> {
    const swap = parseReplayBody(body).swap === true;
    if (this.running) throw new ReplayInProgressError();
    this.running = true;
    const started = performance.now();
    const shadow = this.readModels.openShadow();
    let swapped = false;
    try {
      let events = await catchUp(this.store, shadow, { batch: REPLAY_BATCH });
      // Let the live read models reach the point the replay reached, then hold them there.
      const reached = shadow.checkpoint();
      if (reached !== undefined) await this.projector.waitFor(reached, 60_000);
      this.projector.pause();
      try {
        const live = this.projector.checkpoint();
        events += await catchUp(this.store, shadow, { upTo: live ?? '0', batch: REPLAY_BATCH });
        const [liveDigest, replayDigest] = [await this.readModels.digest(), await shadow.digest()];
        const ok = liveDigest === replayDigest && shadow.checkpoint() === live;
        if (swap) {
          this.readModels.replaceWith(shadow);
          this.reader.forget(); // answers cached from the read models replaced
          swapped = true;
        }
        return {
          ok,
          events,
          position: live ?? null,
          durationMs: Math.round(performance.now() - started),
          liveDigest,
          replayDigest,
          swapped,
        };
      } finally {
        this.projector.resume();
      }
    } finally {
      if (!swapped) shadow.close();
      this.running = false;
    }
  }
}
