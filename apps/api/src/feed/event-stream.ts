import type { ServerResponse } from 'node:http';
import { eventJson, type FeedPage } from '@app/timeline';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** More than this waiting in the service for the client disconnects it. */
  bufferBytes: number;
  /** Response headers besides the stream's own (the request id, the security headers, CORS). */
  headers: Record<string, string | number | string[] | undefined>;
}

/**
 * A page as Server-Sent Events: each event with `id` its position and `data` the event as GET /v1/events/{id}
 * shows it; then, when the page's last events did not pass the filter, its last position alone.
 */
function frames(page: FeedPage): string {
  // JSON.stringify escapes line breaks, so each event is one data line.
  const events = page.events.map((e) => `id: ${e.position}\ndata: ${JSON.stringify(eventJson(e))}\n\n`);
  const last = page.events[page.events.length - 1];
  return last?.position === page.through ? events.join('') : `${events.join('')}id: ${page.through}\n\n`;
}

/**
 * Writes the feed's pages to `res` as text/event-stream (docs/operations.md#the-live-feed): a heartbeat
 * comment every `heartbeatMs`; a page at a time, the next read only once the client has taken the last.
 * A client that falls behind — more than `bufferBytes` waiting for it when a text is to be added, or what was
 * sent not taken within a heartbeat interval — is disconnected: nothing is buffered for it without bound. A page whose last events
 * did not pass the filter ends with its position alone (`id:`), so that a reconnecting client resumes after it.
 * Ends when the client goes, the signal aborts (shutdown) or the source fails (the client reconnects
 * with Last-Event-ID).
 */
export async function writeEventStream(
  res: ServerResponse,
  pages: AsyncIterable<FeedPage>,
  options: EventStreamOptions,
  stop: AbortController,
): Promise<void> {
  const gone = () => stop.abort();
  res.on('close', gone);
  const disconnect = () => {
    stop.abort();
    res.destroy();
  };
  // What waits is measured before a text is added, not after: a page larger than the bound still goes to a
  // client that takes what it is sent, and what may wait stays below the bound plus one page.
  const write = (text: string): boolean => {
    if (res.destroyed) return false;
    if (res.writableLength > options.bufferBytes) {
      disconnect();
      return false;
    }
    res.write(text);
    return true;
  };
  /**
   * True once the socket takes more (at once, below its high-water mark); false, and disconnected, when
   * it has not within a heartbeat interval.
   */
  const drained = (): Promise<boolean> => {
    if (!res.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        res.off('drain', onDrain);
        res.off('close', onClose);
        stop.signal.removeEventListener('abort', onClose);
        if (!ok && !res.destroyed) disconnect();
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), options.heartbeatMs);
      res.on('drain', onDrain);
      res.on('close', onClose);
      stop.signal.addEventListener('abort', onClose);
    });
  };
  const given = Object.entries(options.headers).filter(([, value]) => value !== undefined);
  res.writeHead(200, {
    ...(Object.fromEntries(given) as Record<string, string | number | string[]>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    // Proxies that buffer answers (nginx) pass this one through as it comes.
    'x-accel-buffering': 'no',
  });
  write(': stream open\n\n');
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  try {
    for await (const page of pages) {
      if (!write(frames(page)) || !(await drained())) break;
    }
  } finally {
    clearInterval(heartbeat);
    res.off('close', gone);
    if (!res.destroyed) res.end();
  }
}
