import { readAzerbaijanChina } from './azerbaijan-china';

/** What POST /v1/events and POST /v1/events/{id}/corrections answer. */
interface Receipt {
  eventId: string;
  position: string;
  recordedAt: string;
}

export interface LoadedAzerbaijanChina {
  facts: number;
  corrections: number;
  /** The record time of the last of the article's facts: the record as it read before the corrections. */
  beforeCorrections: string;
  /** The log position of the last write, for `minPosition`. */
  lastPosition: string;
}

async function post(baseUrl: string, token: string, path: string, body: unknown): Promise<Receipt> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`POST ${path} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text) as Receipt;
}

/**
 * Records the Azerbaijan–China data set through the HTTP API, as a recorder would: the article's facts,
 * then the corrections citing the precise sources, then what came after. recordedAt and recordedBy are the
 * service's own, so the history and the "known at" view read as an auditor would see them.
 */
export async function loadAzerbaijanChina(baseUrl: string, token: string): Promise<LoadedAzerbaijanChina> {
  const { articleFacts, corrections, laterFacts } = readAzerbaijanChina();
  let last: Receipt | undefined;
  for (const fact of articleFacts) last = await post(baseUrl, token, '/v1/events', fact);
  const beforeCorrections = last!.recordedAt;
  for (const { target, body } of corrections) {
    last = await post(baseUrl, token, `/v1/events/${target}/corrections`, body);
  }
  for (const fact of laterFacts) last = await post(baseUrl, token, '/v1/events', fact);
  return {
    facts: articleFacts.length + laterFacts.length,
    corrections: corrections.length,
    beforeCorrections,
    lastPosition: last!.position,
  };
}
