import type { EventStore } from '@app/event-store';

/**
 * How many events of the log the read models do not hold yet. Positions of the embedded store are
 * consecutive, so the difference counts them; a store whose positions are not (EventStoreDB) counts them
 * itself. One definition for /health and /metrics.
 */
export async function projectionLag(store: EventStore, checkpoint: string | undefined): Promise<bigint> {
  if (store.projectionLag) return BigInt(await store.projectionLag(checkpoint));
  const head = await store.headPosition();
  return head === undefined ? 0n : BigInt(head) - BigInt(checkpoint ?? '0');
}
