import type { TestApp } from './test-app';

/** The log's head position as /health reports it: unchanged means nothing was stored. */
export async function headPosition(t: TestApp): Promise<string | null> {
  const health = await t.request({ method: 'GET', url: '/health' });
  return health.body.store.headPosition;
}
