import { evolveInPlace, initialStreamState, StreamState } from '@app/domain';
import type { EventStore } from '@app/event-store';

/**
 * The write state of recently written streams, kept so that a write reads only the events appended
 * since the last one (usually none, or one) instead of the whole stream. The store stays the source of
 * truth: every load catches up from it, so writes by other processes are seen. Least recently used
 * streams are dropped past `limit`.
 */
export class StreamStateCache {
  private readonly states = new Map<string, StreamState>();

  constructor(private readonly limit = 2000) {}

  /** The stream's state as the store holds it now. The caller must not keep it past its write. */
  async load(store: EventStore, stream: string): Promise<StreamState> {
    const cached = this.states.get(stream);
    const newer = await store.readStream(stream, { fromRevision: cached ? cached.revision + 1n : 0n });
    const state = evolveInPlace(cached ?? initialStreamState(), newer);
    this.states.delete(stream);
    this.states.set(stream, state);
    if (this.states.size > this.limit) this.states.delete(this.states.keys().next().value as string);
    return state;
  }
}
