import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { keeps, type EventFilter, type InMemoryLog, type StoredEvent } from './in-memory-log';
import {
  caughtUpMessage,
  checkpointMessage,
  confirmationMessage,
  eventMessage,
  streamNameOf,
  streamNotFoundMessage,
} from './wire-messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** Events scanned between two checkpoints of a filtered subscription when the client names no window. */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * Streams.Read, the one RPC behind reading a stream, reading `$all` and subscribing to `$all`:
 * - a stream, forwards or backwards from a revision (inclusive), `count` events, or StreamNotFound;
 * - `$all` forwards from a position (inclusive, as the server's TFPos comparison is) or backwards
 *   from one (exclusive), optionally filtered;
 * - a subscription to `$all` from the start, the end or after a position (exclusive): confirmation,
 *   the catch-up events, CaughtUp, then live events until the client cancels. A filtered subscription
 *   also gets a Checkpoint every `window × multiplier` events scanned, as the server sends them.
 * Subscriptions to a single stream are not implemented (the adapter does not use them).
 */
export function handleRead(log: InMemoryLog, call: ReadCall): void {
  const options = call.request.getOptions();
  if (!options) return fail(call, status.INVALID_ARGUMENT, 'ReadReq.options is required');
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const filter = filterOf(options);
  const send = (event: StoredEvent): boolean => call.write(eventMessage(event, structuredIds));

  if (options.hasSubscription()) {
    if (!options.hasAll())
      return fail(call, status.UNIMPLEMENTED, 'stream subscriptions are not in the double');
    return subscribeToAll(log, call, options, filter, send);
  }
  const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  if (options.hasStream()) {
    const streamOptions = options.getStream()!;
    const name = streamNameOf(streamOptions.getStreamIdentifier());
    const events = log.stream(name);
    if (!events) {
      call.write(streamNotFoundMessage(name));
      call.end();
      return;
    }
    // Revisions are the indexes of a stream's events.
    const from = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : undefined;
    const start = backwards ? Math.min(from ?? events.length - 1, events.length - 1) : (from ?? 0);
    sendFrom(events, start, backwards, count, () => true, send);
    call.end();
    return;
  }
  const all = options.getAll()!;
  const at = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
  const events = log.events;
  // Forwards from a position includes it; backwards from one starts before it.
  const first = at === undefined ? 0 : firstAtOrAfter(events, at);
  const start = backwards ? (at === undefined ? events.length - 1 : first - 1) : first;
  sendFrom(events, start, backwards, count, (e) => keeps(filter, e), send);
  call.end();
}

/** Sends up to `count` of the events `keep` accepts, walking from index `start` in one direction. */
function sendFrom(
  events: readonly StoredEvent[],
  start: number,
  backwards: boolean,
  count: bigint,
  keep: (event: StoredEvent) => boolean,
  send: (event: StoredEvent) => boolean,
): void {
  let sent = 0n;
  for (let i = start; i >= 0 && i < events.length && sent < count; i += backwards ? -1 : 1) {
    if (!keep(events[i])) continue;
    send(events[i]);
    sent += 1n;
  }
}

/** The index of the first event at or after `position` (the log is in position order). */
function firstAtOrAfter(events: readonly StoredEvent[], position: bigint): number {
  let [low, high] = [0, events.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (events[middle].position < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

function subscribeToAll(
  log: InMemoryLog,
  call: ReadCall,
  options: ReadReq.Options,
  filter: EventFilter | undefined,
  send: (event: StoredEvent) => boolean,
): void {
  const all = options.getAll()!;
  const last = log.events[log.events.length - 1];
  const after = all.hasPosition()
    ? BigInt(all.getPosition()!.getCommitPosition())
    : all.hasEnd()
      ? (last?.position ?? -1n)
      : -1n;
  const filterOptions = options.getFilter();
  const window =
    BigInt(filterOptions?.hasMax() ? filterOptions.getMax() : DEFAULT_SEARCH_WINDOW) *
    BigInt(Math.max(1, filterOptions?.getCheckpointintervalmultiplier() ?? 1));
  let scanned = 0n;
  const deliver = (event: StoredEvent): void => {
    if (keeps(filter, event)) send(event);
    scanned += 1n;
    if (filter && scanned % window === 0n) call.write(checkpointMessage(event.position));
  };

  call.write(confirmationMessage(randomUUID()));
  // Catch-up and the switch to live happen in one turn of the event loop: no append can fall between.
  for (const event of log.events) if (event.position > after) deliver(event);
  call.write(caughtUpMessage());
  const stop = log.listen(deliver);
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
}

function filterOf(options: ReadReq.Options): EventFilter | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const on = filter.hasStreamIdentifier() ? 'stream' : 'type';
  const expression = filter.hasStreamIdentifier() ? filter.getStreamIdentifier() : filter.getEventType();
  const regex = expression?.getRegex();
  return { on, prefixes: expression?.getPrefixList() ?? [], regex: regex ? new RegExp(regex) : undefined };
}

function fail(call: ReadCall, code: status, details: string): void {
  call.emit('error', { code, details });
}
