import { Command, decide, StreamState } from '@app/domain';
import { EventToAppend, KnownPayload, Stamp, stampBatch } from '@app/event-store';

/**
 * The pure middle of every write (docs/architecture.md#the-path-of-a-write), shared by a POST and an import:
 * the events `command` adds to `stream` in `state` (or the rule it breaks), stamped after the stream's head.
 * `known`: its payload's texts, when computed ahead (an import's parser thread).
 */
export function decideAndStamp(
  stream: string,
  state: StreamState,
  command: Command,
  stamp: Stamp,
  today: string,
  known?: KnownPayload,
): EventToAppend[] {
  return stampBatch(stream, state, decide(command, state, { today }), stamp, known).events;
}
