import type { EventStore } from '@app/event-store';
import type { Metrics } from './metrics';

/**
 * The store, its appends timed and counted for /metrics (append latency, events per append); every other
 * call goes to the store untouched. A proxy, so that the store's optional methods stay exactly as present
 * or absent as they are.
 */
export function instrumentStore(store: EventStore, metrics: Metrics): EventStore {
  const timed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, events: (...args: A) => number) =>
    async (...args: A): Promise<R> => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await call(...args);
        metrics.observeAppend('ok', seconds(), events(...args));
        return result;
      } catch (error) {
        metrics.observeAppend('error', seconds(), events(...args));
        throw error;
      }
    };
  const append = timed(store.append.bind(store), (_stream, events) => events.length);
  const appendMany =
    store.appendMany &&
    timed(store.appendMany.bind(store), (appends) => appends.reduce((n, a) => n + a.events.length, 0));
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      if (property === 'appendMany') return appendMany;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Bound once per method, so that the store's own `this` is the store.
      if (!bound.has(property)) bound.set(property, value.bind(target));
      return bound.get(property);
    },
  });
}
