import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';

export type FeedItem =
  | { kind: 'event'; event: AllStreamResolvedEvent }
  /** The server's signal that every event up to now was sent: what follows is live. */
  | { kind: 'caughtUp' }
  | { kind: 'error'; error: unknown }
  | { kind: 'end' };

/** How many events wait for the consumer before the subscription is paused (gRPC flow control then holds the server). */
const HIGH_WATER_MARK = 1000;

/**
 * Turns one client subscription (a Node stream with extra events) into items pulled one at a time,
 * in order, with back-pressure: it pauses the subscription while the consumer is behind.
 *
 * Order matters for the caught-up signal: the client emits `caughtUp` as it reads the server's
 * message, but events before it may still sit in the stream's own buffer (while paused). So the
 * signal is queued only after those have come through.
 */
export class SubscriptionFeed {
  private readonly items: FeedItem[] = [];
  private wake?: () => void;
  private finished = false;
  /** Events still in the stream's buffer that came before a caught-up signal. */
  private beforeCaughtUp?: number;
  private readonly onAbort = (): void => this.finish({ kind: 'end' }, true);

  constructor(
    private readonly subscription: AllStreamSubscription,
    private readonly signal: AbortSignal,
  ) {
    subscription.on('data', (event: AllStreamResolvedEvent) => {
      this.push({ kind: 'event', event });
      if (this.beforeCaughtUp !== undefined && --this.beforeCaughtUp === 0) this.caughtUp();
      if (this.items.length >= HIGH_WATER_MARK) subscription.pause();
    });
    subscription.on('caughtUp', () => {
      const buffered = subscription.readableLength;
      if (buffered === 0) this.caughtUp();
      else this.beforeCaughtUp = buffered;
    });
    subscription.on('error', (error: unknown) => this.finish({ kind: 'error', error }));
    subscription.on('end', () => this.finish({ kind: 'end' }));
    subscription.on('close', () => this.finish({ kind: 'end' }));
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next item; `end` once aborted, at once, whatever is still queued. */
  async next(): Promise<FeedItem> {
    while (this.items.length === 0) {
      if (this.signal.aborted) return { kind: 'end' };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.signal.aborted) return { kind: 'end' };
    const item = this.items.shift()!;
    if (this.items.length < HIGH_WATER_MARK / 2 && this.subscription.isPaused()) this.subscription.resume();
    return item;
  }

  /** Cancels the server call and lets go of the stream. */
  async close(): Promise<void> {
    this.signal.removeEventListener('abort', this.onAbort);
    this.finish({ kind: 'end' }, true);
    this.subscription.removeAllListeners('data');
    // The stream may fail after we stopped listening (a late reset): nothing should be thrown then.
    this.subscription.on('error', () => undefined);
    await this.subscription.unsubscribe();
    this.subscription.destroy();
  }

  private caughtUp(): void {
    this.beforeCaughtUp = undefined;
    this.push({ kind: 'caughtUp' });
  }

  private push(item: FeedItem): void {
    if (this.finished) return;
    this.items.push(item);
    this.wake?.();
  }

  /** The last item: queued after what came before it (those events are real), or first when aborting. */
  private finish(item: FeedItem, now = false): void {
    if (this.finished) return;
    if (now) this.items.unshift(item);
    else this.items.push(item);
    this.finished = true;
    this.wake?.();
  }
}
