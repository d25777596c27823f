import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  AllStreamPosition,
  Empty,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StoredEvent, WireExpectedRevision } from './in-memory-log';

/**
 * Builders for the protocol messages the double sends, from the generated classes shipped in
 * `@eventstore/db-client` (the package ships no .proto files, only what protoc generated from them),
 * so that the client deserialises exactly what it would from a server.
 */

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

/** A UUID in the form the client asked for: a string, or two 64-bit halves ("structured"). */
export function uuid(id: string, structured = false): UUID {
  if (!structured) return new UUID().setString(id);
  const hex = id.replace(/-/g, '');
  return new UUID().setStructured(
    new UUID.Structured()
      .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
      .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString()),
  );
}

export function uuidString(value: UUID | undefined): string {
  if (!value) throw new Error('a UUID is required');
  if (value.hasString()) return value.getString().toLowerCase();
  const structured = value.getStructured();
  if (!structured) throw new Error('a UUID is required');
  const hex = (half: string): string => BigInt.asUintN(64, BigInt(half)).toString(16).padStart(16, '0');
  const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}-${all.slice(16, 20)}-${all.slice(20)}`;
}

/** One event of a read or subscription, with both positions (equal for events written through gRPC). */
export function eventMessage(event: StoredEvent, structuredIds: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuid(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setCustomMetadata(event.customMetadata)
    .setData(event.data);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.created.toString());
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(read);
}

export function confirmationMessage(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(
    new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
  );
}

export function caughtUpMessage(): ReadResp {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

export function checkpointMessage(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
  return new ReadResp().setCheckpoint(checkpoint);
}

export function streamNotFoundMessage(stream: string): ReadResp {
  return new ReadResp().setStreamNotFound(
    new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream)),
  );
}

export function allPosition(commit: bigint, prepare: bigint): AllStreamPosition {
  return new AllStreamPosition().setCommitPosition(commit.toString()).setPreparePosition(prepare.toString());
}

/**
 * A refused append of BatchAppend: a google.rpc.Status whose details pack the WrongExpectedVersion the
 * client unpacks into its WrongExpectedVersionError (current revision, or no stream; what was expected).
 */
export function wrongExpectedVersionStatus(
  expected: WireExpectedRevision,
  currentRevision: bigint | undefined,
): Status {
  const details = new WrongExpectedVersion();
  if (currentRevision === undefined) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(currentRevision.toString());
  switch (expected.kind) {
    case 'any':
      details.setExpectedAny(new ProtobufEmpty());
      break;
    case 'no_stream':
      details.setExpectedNoStream(new ProtobufEmpty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new ProtobufEmpty());
      break;
    case 'revision':
      details.setExpectedStreamPosition(expected.revision.toString());
      break;
  }
  const any = new Any();
  any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  // 9 = FAILED_PRECONDITION; the client reads only the details.
  return new Status().setCode(9).setMessage('WrongExpectedVersion').setDetails(any);
}

/** The shared Empty of event_store.client, for the fields typed with it. */
export function empty(): Empty {
  return new Empty();
}
