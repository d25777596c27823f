import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { comparePositions } from '../read-models/positions';
import type { BuildProgress, ReadModelFile } from '../read-models/read-model-file';
import { EVENT_STORE, READ_MODELS } from '../tokens';
import { BUILD_PAGE, buildByStream } from './build-by-stream';
import { ProjectionWriter } from './projection-writer';

/**
 * How many events one read-model transaction covers at most while catching up in log order: commits cost
 * the pages a batch touched, spread over many relationships, so larger batches share them (measured when
 * chosen: docs/decisions.md, "State at a date"). Live writes come in small batches anyway.
 */
export const PROJECTOR_BATCH = 20_000;
const RESTART_DELAY_MS = 1000;

interface Waiter {
  position: string;
  resolve: (passed: boolean) => void;
}

/**
 * Feeds the read models from the store's ordered log (docs/architecture.md): subscribes from the stored
 * checkpoint, applies events in batches, each batch and its checkpoint in one transaction.
 * Never fed by the in-process EventBus. A failure is logged and the subscription restarts from
 * the checkpoint, so nothing is skipped or applied twice.
 */
@Injectable()
export class Projector {
  private readonly logger = new Logger('Projector');
  private stopping = false;
  private subscription = new AbortController();
  /** A failure of a deferred flush: it ends the subscription, which then restarts from the checkpoint. */
  private deferredFailure?: unknown;
  private pending: RecordedEvent[] = [];
  private flushScheduled = false;
  private waiters: Waiter[] = [];
  /** Called whenever the checkpoint moves (the live feed's streams wait on it). */
  private readonly advanceListeners = new Set<() => void>();
  private running?: Promise<void>;
  /** The checkpoint as last read or written; null once read as "none yet". */
  private position?: string | null;
  batchSize = PROJECTOR_BATCH;
  private paused = false;
  /** The last failure, reported by /health until the projector moves on. */
  lastError?: string;
  /** Writes each batch or build page (public so that a test can make one fail). */
  readonly writer: ProjectionWriter;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelFile,
  ) {
    this.writer = new ProjectionWriter(readModels);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Stops the subscription and commits what it had read. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.subscription.abort();
    await this.running;
    this.flush();
    for (const w of [...this.waiters]) w.resolve(this.hasPassed(w.position));
  }

  /** Where the read models stand in the log (kept in memory: read on every minPosition wait). */
  checkpoint(): string | undefined {
    if (this.position === undefined) this.position = this.readModels.checkpoint() ?? null;
    return this.position ?? undefined;
  }

  /** Resolves true once the read models have passed `position`, false after `timeoutMs`. */
  async waitFor(position: string, timeoutMs: number): Promise<boolean> {
    if (this.hasPassed(position)) return true;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (passed) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(passed);
        },
      };
      const timer = setTimeout(() => waiter.resolve(this.hasPassed(position)), timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Resolves once the read models hold an event after `position` (any event, when undefined), or after
   * `timeoutMs`, or when `signal` aborts: the live feed sends what the read models hold (docs/architecture.md).
   */
  waitBeyond(position: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const beyond = () => {
      const at = this.checkpoint();
      return at !== undefined && (position === undefined || comparePositions(at, position) > 0);
    };
    if (beyond() || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.advanceListeners.delete(check);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const check = () => {
        if (beyond()) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.advanceListeners.add(check);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes the minPosition waits the read models have now passed, and the feed's streams. */
  private resolvePassedWaiters(): void {
    for (const w of this.waiters.filter((waiter) => this.hasPassed(waiter.position))) w.resolve(true);
    for (const listener of [...this.advanceListeners]) listener();
  }

  private hasPassed(position: string): boolean {
    const at = this.checkpoint();
    return at !== undefined && comparePositions(at, position) >= 0;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.subscription = new AbortController();
      this.deferredFailure = undefined;
      try {
        await this.buildFromStart();
        const fromPosition = this.readModels.checkpoint();
        for await (const event of this.store.subscribe({ fromPosition, signal: this.subscription.signal })) {
          this.pending.push(event);
          if (this.pending.length >= this.batchSize) this.flush();
          else this.scheduleFlush();
        }
        if (this.deferredFailure !== undefined) throw this.deferredFailure;
        this.flush();
      } catch (error) {
        this.pending = []; // not committed: the restart reads them again from the checkpoint
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`projection failed, restarting from the checkpoint: ${this.lastError}`);
        if (!this.stopping) await new Promise((r) => setTimeout(r, RESTART_DELAY_MS).unref());
      }
    }
  }

  /** Empty read models are built stream by stream where the store allows it: see buildByStream. */
  private async buildFromStart(): Promise<void> {
    const built = await buildByStream(this.store, this.readModels, this.writer, {
      limit: Math.min(this.batchSize, BUILD_PAGE),
      shouldStop: () => this.stopping,
      whilePaused: async () => {
        while (this.paused && !this.stopping) await new Promise((r) => setTimeout(r, 50));
      },
    });
    if (built === undefined) return;
    this.position = built.through;
    this.lastError = undefined;
    this.resolvePassedWaiters();
  }

  /** Where a build from position 0 stands, while one is under way (see buildByStream). */
  buildProgress(): BuildProgress | undefined {
    return this.readModels.buildProgress();
  }

  /** Events that arrive together (a catch-up page, a burst of writes) commit together. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        this.flush();
      } catch (error) {
        this.deferredFailure = error;
        this.subscription.abort();
      }
    });
  }

  /** Stops committing (events read meanwhile wait in memory) until resume: a replay compares at a fixed point. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.scheduleFlush();
  }

  private flush(): void {
    if (this.paused || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writer.applyBatch(batch);
    this.position = batch[batch.length - 1].position;
    this.lastError = undefined;
    this.resolvePassedWaiters();
  }
}
