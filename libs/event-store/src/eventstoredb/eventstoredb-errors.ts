import { ErrorType, isCommandError } from '@eventstore/db-client';
import { StoreUnavailableError } from '../store-unavailable.error';

/**
 * Client errors that say "EventStoreDB cannot serve this now" rather than "this request is wrong":
 * no connection, a deadline passed, the server cancelled the call or is not the leader, or it refused
 * our credentials (an operator's matter, not the caller's). All become 503 (StoreUnavailableError);
 * a wrong expected revision is handled by the adapter itself, before it gets here.
 */
const UNAVAILABLE: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
  ErrorType.ACCESS_DENIED,
]);

/** gRPC's code for a call cancelled on our side: the client was disposed (the store closed) mid-call. */
const GRPC_CANCELLED = 1;

/** Whether `error` means the server or the connection is (for now) unable to serve. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return UNAVAILABLE.has(error.type) || (error.type === ErrorType.UNKNOWN && error.code === GRPC_CANCELLED);
}

/** `error` as the port's errors: unavailability as StoreUnavailableError (cause kept), anything else as is. */
export function translateClientError(error: unknown, closed: boolean): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (closed) return new StoreUnavailableError('the event store is closed', { cause: error });
  if (!isUnavailable(error)) return error;
  const { message } = error as { message?: unknown };
  return new StoreUnavailableError(`EventStoreDB is unavailable: ${String(message)}`, { cause: error });
}
