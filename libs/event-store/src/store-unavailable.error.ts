/**
 * The store could not serve the request right now — locked by another writer past the timeout,
 * disk full or failing, closed, unreachable — through no fault of the caller (HTTP 503). Nothing
 * was written; the request may be retried.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
