import { foldStream, parseFactInput, SCHEMA_VERSION } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { StreamStateCache } from './stream-state-cache';

function fact(i: number) {
  const f = parseFactInput({
    type: 'StatementIssued',
    actors: ['AZ', 'CN'],
    occurredOn: '2020',
    data: { by: 'AZ', summary: `statement ${i}` },
    sources: [{ publisher: 'test' }],
  });
  return {
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: f.type,
    payload: f.payload,
    metadata: {
      recordedAt: '2026-01-01T00:00:00.000Z',
      recordedBy: 't',
      schemaVersion: SCHEMA_VERSION,
      prevHash: 'p',
      hash: `h${i}`,
    },
  };
}

describe('the write state cache', () => {
  test('given appends by someone else since the last load, when loaded again, then it equals a fold of the whole stream', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    const cache = new StreamStateCache();
    await store.append('relationship-AZ-CN', [fact(1), fact(2)], { expectedRevision: 'no_stream' });
    expect((await cache.load(store, 'relationship-AZ-CN')).revision).toBe(1n);
    await store.append('relationship-AZ-CN', [fact(3)], { expectedRevision: 1n });
    const read = jest.spyOn(store, 'readStream');
    const state = await cache.load(store, 'relationship-AZ-CN');
    expect(read).toHaveBeenCalledWith('relationship-AZ-CN', { fromRevision: 2n });
    expect(state).toEqual(foldStream(await store.readStream('relationship-AZ-CN')));
    expect(state.headHash).toBe('h3');
    await store.close();
  });

  test('past its limit it forgets the least recently used stream, and reloads it whole', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    const cache = new StreamStateCache(1);
    await store.append('relationship-AZ-CN', [fact(1)], { expectedRevision: 'no_stream' });
    await cache.load(store, 'relationship-AZ-CN');
    await cache.load(store, 'relationship-AZ-FR');
    const read = jest.spyOn(store, 'readStream');
    expect((await cache.load(store, 'relationship-AZ-CN')).revision).toBe(0n);
    expect(read).toHaveBeenCalledWith('relationship-AZ-CN', { fromRevision: 0n });
    await store.close();
  });
});
