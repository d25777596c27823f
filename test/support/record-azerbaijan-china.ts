import { articleFacts, corrections, laterFacts, RECORDED } from '../fixtures/azerbaijan-china';
import type { TestApp } from './test-app';

/**
 * Records the Azerbaijan–China example as an auditor would see it happen: the article's facts at
 * RECORDED.article, the corrections at RECORDED.corrections and (unless `upTo` says otherwise) the later
 * facts at RECORDED.later, each with the recorder's token. Returns the last position written.
 */
export async function recordAzerbaijanChina(
  t: TestApp,
  upTo: 'corrections' | 'later' = 'later',
): Promise<string> {
  let position = '0';
  const post = async (url: string, body: unknown) => {
    const res = await t.request({ method: 'POST', url, as: 'recorder', body });
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    position = res.body.position;
  };
  t.clock.set(RECORDED.article);
  for (const fact of articleFacts) await post('/v1/events', fact);
  t.clock.set(RECORDED.corrections);
  for (const c of corrections) await post(`/v1/events/${c.target}/corrections`, c.body);
  if (upTo === 'later') {
    t.clock.set(RECORDED.later);
    for (const fact of laterFacts) await post('/v1/events', fact);
  }
  return position;
}
