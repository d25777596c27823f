import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@app/event-store';

/** Valid ISO 3166-1 alpha-2 codes: 40 countries, 780 unordered pairs (relationship streams). */
export const COUNTRY_CODES = [
  'AZ',
  'CN',
  'FR',
  'DE',
  'GB',
  'US',
  'JP',
  'IN',
  'BR',
  'ZA',
  'NG',
  'EG',
  'KE',
  'AR',
  'MX',
  'CA',
  'AU',
  'NZ',
  'RU',
  'UA',
  'TR',
  'IR',
  'SA',
  'AE',
  'IL',
  'KZ',
  'UZ',
  'GE',
  'AM',
  'PL',
  'IT',
  'ES',
  'PT',
  'NL',
  'BE',
  'SE',
  'NO',
  'FI',
  'CH',
  'AT',
] as const;

export const RELATIONSHIP_PAIRS: ReadonlyArray<readonly [string, string]> = COUNTRY_CODES.flatMap((a, i) =>
  COUNTRY_CODES.slice(i + 1).map((b) => [a, b] as const),
);

/** The stream the service files an event of this pair under (`relationship-AZ-CN`: codes sorted). */
export function streamOf([a, b]: readonly [string, string]): string {
  return `relationship-${[a, b].sort().join('-')}`;
}

/** Size of the stored `data` column (payload JSON) of a real StatementIssued, in bytes. */
export const EVENT_DATA_BYTES = 282;

const FILLER =
  'The ministry expects the talks to deepen cooperation in trade, energy, transport and culture, ' +
  'and welcomes the agreements reached by the two delegations during the visit. ';

/** The n-th distinct StatementIssued of a pair, as a client sends it to POST /v1/events. */
export function statementBody(n: number, pair: readonly [string, string]): Record<string, unknown> {
  const [a, b] = pair;
  const day = new Date(Date.UTC(2000, 0, 1) + (n % 9000) * 86_400_000).toISOString().slice(0, 10);
  const payload = {
    actors: [a, b],
    occurredOn: day,
    data: {
      by: n % 2 === 0 ? a : b,
      speaker: { name: `Spokesperson ${n % 97}`, title: 'MFA spokesperson' },
      summary: '',
    },
    sources: [
      { publisher: `Ministry of Foreign Affairs (${n % 2 === 0 ? a : b})`, url: 'https://example.org/' },
    ],
  };
  // Pad the summary so that the stored payload JSON is EVENT_DATA_BYTES long (all ASCII).
  const head = `Statement ${n} on ${a}-${b}. `;
  const room = Math.max(0, EVENT_DATA_BYTES - JSON.stringify(payload).length - head.length);
  payload.data.summary = head + FILLER.repeat(Math.ceil(room / FILLER.length) + 1).slice(0, room);
  return { type: 'StatementIssued', ...payload };
}

/** A source of request bodies: each call a distinct, valid StatementIssued, round-robin over the pairs. */
export function postBodies(): () => string {
  let n = 0;
  return () => {
    const body = statementBody(n, RELATIONSHIP_PAIRS[n % RELATIONSHIP_PAIRS.length]);
    n += 1;
    return JSON.stringify(body);
  };
}

const FAKE_HASH = 'ab'.repeat(32);

/** The n-th event as the store receives it: payload of EVENT_DATA_BYTES, stamped metadata. */
export function storeEvent(n: number): EventToAppend {
  const pair = RELATIONSHIP_PAIRS[n % RELATIONSHIP_PAIRS.length];
  const { type, ...payload } = statementBody(n, pair);
  return {
    eventId: randomUUID(),
    type: type as EventToAppend['type'],
    payload: payload as unknown as EventToAppend['payload'],
    metadata: {
      recordedAt: new Date(Date.UTC(2026, 0, 1) + n).toISOString(),
      recordedBy: 'bench-recorder',
      schemaVersion: 1,
      prevHash: FAKE_HASH,
      hash: FAKE_HASH,
    },
  };
}
