import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { FeedSettings } from '@app/config';

export const FEED_SETTINGS = Symbol('FEED_SETTINGS');

/** Seconds a client refused for too many streams is told to wait (Retry-After). */
export const STREAMS_RETRY_AFTER_SECONDS = 5;

/** A stream refused because its token, or the service, has as many open as allowed: 503 with Retry-After. */
export class TooManyStreamsError extends Error {
  readonly retryAfterSeconds = STREAMS_RETRY_AFTER_SECONDS;
  constructor(message: string) {
    super(message);
    this.name = 'TooManyStreamsError';
  }
}

interface OpenStream {
  key: string;
  controller: AbortController;
  finished?: Promise<void>;
}

/**
 * The live feed's open streams, bounded per token (per address without one) and in all
 * (FEED_MAX_STREAMS_PER_TOKEN, FEED_MAX_STREAMS; docs/operations.md#the-live-feed). At shutdown every
 * stream is ended, so that the server can close.
 */
@Injectable()
export class OpenStreams implements OnModuleDestroy {
  private readonly logger = new Logger('Feed');
  private readonly streams = new Set<OpenStream>();
  private readonly perKey = new Map<string, number>();

  constructor(@Inject(FEED_SETTINGS) private readonly settings: FeedSettings) {}

  /** How many streams are open (the open-streams gauge of /metrics). */
  get count(): number {
    return this.streams.size;
  }

  /**
   * Opens a stream for `key` and runs `serve` until it ends or the service stops (its signal aborts);
   * throws TooManyStreamsError, before anything is sent, when a limit is reached.
   */
  open(key: string, serve: (signal: AbortSignal) => Promise<void>): void {
    const { maxStreams, maxStreamsPerToken } = this.settings;
    if (this.streams.size >= maxStreams) {
      throw new TooManyStreamsError(
        `the service has ${maxStreams} streams open, its limit (FEED_MAX_STREAMS)`,
      );
    }
    const mine = this.perKey.get(key) ?? 0;
    if (mine >= maxStreamsPerToken) {
      throw new TooManyStreamsError(
        `this token (or address) has ${mine} streams open, its limit (FEED_MAX_STREAMS_PER_TOKEN)`,
      );
    }
    const stream: OpenStream = { key, controller: new AbortController() };
    this.streams.add(stream);
    this.perKey.set(key, mine + 1);
    stream.finished = serve(stream.controller.signal)
      .catch((error: unknown) => {
        this.logger.error(`a stream failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.close(stream));
  }

  private close(stream: OpenStream): void {
    if (!this.streams.delete(stream)) return;
    const left = (this.perKey.get(stream.key) ?? 1) - 1;
    if (left === 0) this.perKey.delete(stream.key);
    else this.perKey.set(stream.key, left);
  }

  /** Ends every stream (the service is stopping) and waits until each has closed its response. */
  async onModuleDestroy(): Promise<void> {
    const open = [...this.streams];
    for (const stream of open) stream.controller.abort();
    await Promise.all(open.map((stream) => stream.finished));
  }
}
