import { START, streamNameFilter, type EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent } from '@app/domain';
import { isUnavailable } from './eventstoredb-errors';
import { clientPosition, STREAM_PREFIX, toRecordedEvent } from './eventstoredb-events';
import { SubscriptionFeed } from './subscription-feed';

export interface FollowOptions {
  /** Deliver events after this commit position (exclusive); from the start of the log when absent. */
  after?: bigint;
  signal: AbortSignal;
  /** The server's caught-up signal, after each (re)connection, with the position delivered so far. */
  onCaughtUp?: (position: bigint | undefined) => void;
  /** The connection dropped; the subscription will resume after `retryInMs`. */
  onDropped?: (error: unknown, retryInMs: number) => void;
  backoff?: Backoff;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** First retry quickly (a blip), then double up to a ceiling that still notices a recovered cluster soon. */
export const DEFAULT_BACKOFF: Backoff = { initialMs: 100, maxMs: 5000 };

/**
 * A catch-up subscription to `$all`, filtered on the server to our stream prefix, that survives
 * the connection dropping: it resubscribes after the last event it delivered, waiting longer after
 * each failure in a row (exponential back-off up to `maxMs`, reset once an event or the caught-up
 * signal arrives). Every event is delivered once, in log order — a resubscription that replays an
 * event already delivered is filtered by position.
 *
 * Errors that do not mean "unavailable" (a foreign event in our streams, a refused request) end it
 * with that error. It ends quietly when `signal` aborts.
 */
export async function* followAll(
  client: EventStoreDBClient,
  options: FollowOptions,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const { signal } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let after = options.after;
  let delay = backoff.initialMs;
  while (!signal.aborted) {
    const feed = new SubscriptionFeed(
      client.subscribeToAll({
        fromPosition: after === undefined ? START : clientPosition(after),
        filter: streamNameFilter({ prefixes: [STREAM_PREFIX] }),
      }),
      signal,
    );
    let failure: unknown;
    try {
      for (let item = await feed.next(); item.kind !== 'end'; item = await feed.next()) {
        if (item.kind === 'error') {
          failure = item.error;
          break;
        }
        delay = backoff.initialMs;
        if (item.kind === 'caughtUp') {
          options.onCaughtUp?.(after);
          continue;
        }
        const event = toRecordedEvent(item.event);
        const position = BigInt(event.position);
        if (after !== undefined && position <= after) continue;
        after = position;
        yield event;
      }
    } finally {
      await feed.close();
    }
    if (signal.aborted) return;
    if (failure !== undefined && !isUnavailable(failure)) throw failure;
    // Unavailable, or the server ended the subscription: resubscribe after the last event delivered.
    options.onDropped?.(failure ?? new Error('the server ended the subscription'), delay);
    await sleep(delay, signal);
    delay = Math.min(delay * 2, backoff.maxMs);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
