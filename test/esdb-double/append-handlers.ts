import {
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
} from '@grpc/grpc-js';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { InMemoryLog, ProposedEvent, WireExpectedRevision } from './in-memory-log';
import {
  allPosition,
  empty,
  streamIdentifier,
  streamNameOf,
  uuidString,
  wrongExpectedVersionStatus,
} from './wire-messages';

interface ProposedMessage {
  getId(): Parameters<typeof uuidString>[0];
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function proposed(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * Streams.BatchAppend, what the client uses for appends once ServerFeatures lists it (servers from
 * 21.10 on): a bidirectional stream of requests, each correlated by id, whose options (stream and
 * expected revision) come with the first chunk and whose events may span chunks until `is_final`.
 * A wrong expected revision is answered with a google.rpc.Status packing WrongExpectedVersion.
 */
export function handleBatchAppend(
  log: InMemoryLog,
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
): void {
  const pending = new Map<
    string,
    { stream: string; expected: WireExpectedRevision; events: ProposedEvent[] }
  >();
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = uuidString(request.getCorrelationId());
    const options = request.getOptions();
    if (options) {
      pending.set(correlationId, {
        stream: streamNameOf(options.getStreamIdentifier()),
        expected: batchExpected(options),
        events: [],
      });
    }
    const write = pending.get(correlationId);
    if (!write) return;
    write.events.push(...request.getProposedMessagesList().map(proposed));
    if (!request.getIsFinal()) return;
    pending.delete(correlationId);
    const outcome = log.append(write.stream, write.expected, write.events);
    const response = new BatchAppendResp()
      .setCorrelationId(request.getCorrelationId())
      .setStreamIdentifier(streamIdentifier(write.stream));
    if (outcome.ok) {
      const success = new BatchAppendResp.Success().setCurrentRevision(outcome.revision.toString());
      if (outcome.commitPosition === undefined) success.setNoPosition(new ProtobufEmpty());
      else success.setPosition(allPosition(outcome.commitPosition, outcome.preparePosition!));
      response.setSuccess(success);
    } else {
      response.setError(wrongExpectedVersionStatus(write.expected, outcome.currentRevision));
    }
    call.write(response);
  });
  call.on('end', () => call.end());
  call.on('error', () => pending.clear());
}

/**
 * Streams.Append, the older client-streaming append (options first, then one message per event), which
 * the client falls back to against servers that do not list BatchAppend. Answers with AppendResp:
 * success (revision and position) or wrong_expected_version.
 */
export function handleAppend(
  log: InMemoryLog,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) options = request.getOptions();
    else if (request.hasProposedMessage()) events.push(proposed(request.getProposedMessage()!));
  });
  call.on('end', () => {
    if (!options)
      return callback({ code: status.INVALID_ARGUMENT, details: 'AppendReq.options must come first' });
    const expected = classicExpected(options);
    const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, events);
    const response = new AppendResp();
    if (outcome.ok) {
      const success = new AppendResp.Success().setCurrentRevision(outcome.revision.toString());
      if (outcome.commitPosition === undefined) success.setNoPosition(empty());
      else {
        success.setPosition(
          new AppendResp.Position()
            .setCommitPosition(outcome.commitPosition.toString())
            .setPreparePosition(outcome.preparePosition!.toString()),
        );
      }
      return callback(null, response.setSuccess(success));
    }
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(empty());
    else wrong.setExpectedAny(empty());
    callback(null, response.setWrongExpectedVersion(wrong));
  });
}

function batchExpected(options: BatchAppendReq.Options): WireExpectedRevision {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function classicExpected(options: AppendReq.Options): WireExpectedRevision {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}
