/**
 * The API's JSON, as the page reads it (docs/domain.md#the-state-of-a-relationship-at-a-date; /openapi.json),
 * and the requests the page makes.
 */

export interface Source {
  publisher: string;
  url?: string;
  title?: string;
  publishedOn?: string;
  citing?: string;
}

export interface Period {
  start: string;
  /** The last day the date covers (inclusive). */
  end: string;
  precision: string;
}

export interface Amendment {
  eventId: string;
  recordedAt: string;
  recordedBy: string;
  reason: string;
  changes?: { occurredOn?: string; data?: Record<string, unknown>; sources?: Source[] };
}

/** One item of GET /v1/relationships/{a}/{b}/timeline. */
export interface TimelineItem {
  eventId: string;
  type: string;
  actors: [string, string];
  occurredOn: string;
  data: Record<string, unknown>;
  sources: Source[];
  note?: string;
  period: Period;
  recordedAt: string;
  recordedBy: string;
  revision: number;
  position: string;
  original?: { occurredOn: string; data: Record<string, unknown>; sources: Source[] };
  corrections: Amendment[];
  retraction: Amendment | null;
}

export interface Dated {
  since: string;
  eventId: string;
}

export interface Mission extends Dated {
  mission: string;
  resident: boolean;
  city?: string;
  headOfMission?: string;
  /** Headed ad interim since its head was recalled or expelled. */
  adInterim?: true;
  headLeft?: { how: 'recalled' | 'expelled'; on: string; eventId: string; forConsultations?: true };
}

/** Relations implied by a resident embassy or legation (no relations event recorded): docs/domain.md. */
export type RelationsBasis = 'representation';

export interface AgreementState {
  agreementId: string;
  title?: string;
  kind?: string;
  status: string;
  signedOn?: string;
  inForceSince?: string;
}

export interface VisitState {
  visitId?: string;
  guest: string;
  visitor: { name?: string; title?: string } | unknown;
  level: string;
  occurredOn: string;
  plannedFor?: string;
  overdue?: boolean;
}

/** GET /v1/relationships/{a}/{b}: the relationship on a date, as known at a time. */
export interface StateView {
  actors: [string, string];
  at: string;
  knownAt: string;
  relations: {
    status: 'none' | 'established' | 'severed';
    since?: string;
    level?: string;
    eventId?: string;
    basis?: RelationsBasis;
  };
  partnership: (Dated & { level: string; rank: number | null; instrument?: string }) | null;
  representation: Record<string, Mission>;
  agreements: { inForce: AgreementState[]; signed: AgreementState[] };
  visaPolicies: (Dated & {
    grantedBy: string;
    beneficiary: string;
    regime: string;
    maxStayDays?: number;
    until?: string;
  })[];
  positions: (Dated & { by: string; topic: string; stance: string; summary?: string })[];
  sanctions: (Dated & { sanctionsId: string; by: string; scope: string })[];
  visits: { last: VisitState | null; upcoming: VisitState[]; total: number };
  meetings: { last: { occurredOn: string; venue?: string } | null; total: number };
  recognition: (Dated & { by: string; of: string; kind: string })[];
  expulsions: {
    last: { by: string; count?: number; includesHeadOfMission?: boolean; occurredOn: string } | null;
    total: number;
  };
  uncertain: { eventId: string; type: string; occurredOn: string; why: string }[];
  anomalies: { kind: string; message: string; eventIds: string[] }[];
  eventCount: number;
  revision: number;
  position: string;
}

export interface Country {
  code: string;
  name: string;
  aliases: string[];
  former: boolean;
  relationships: number;
  /** From the state list (docs/data-sets.md#states-that-existed), where it tells them. */
  from?: string;
  to?: string;
  predecessor?: string;
  successor?: string;
}

export interface CountryRelationship {
  counterpart: string;
  counterpartName: string | null;
  relationship: string;
  relations: { status: string; since?: string; basis?: RelationsBasis };
  partnership: { level: string; rank: number | null; since: string } | null;
  lastEvent: { eventId: string; type: string; occurredOn: string } | null;
  /** The state's mission in the counterpart, and the counterpart's in the state. */
  missions: { sent: MissionSummary | null; received: MissionSummary | null };
}

/** GET /v1/events/{id}: the event as recorded, with its amendments as recorded (their sources included). */
export interface RecordedEventView {
  eventId: string;
  occurredOn: string;
  sources: Source[];
  recordedAt: string;
  recordedBy: string;
  hash: string;
  corrections: { eventId: string; recordedAt: string; data: { reason: string }; sources: Source[] }[];
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An answer other than 2xx, with the problem's detail (RFC 9457) when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A path with its query; parameters that are undefined are left out. */
export function apiPath(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => undefined)) as
    (T & { title?: string; detail?: string }) | undefined;
  if (!res.ok)
    throw new ApiError(res.status, body?.detail ?? body?.title ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export function pairPath(a: string, b: string): string {
  return `/v1/relationships/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

/** Every page of a relationship's timeline (bounded: 20 pages of 1000). */
export async function fetchTimeline(a: string, b: string, knownAt?: string): Promise<TimelineItem[]> {
  const items: TimelineItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const answer = await getJson<Page<TimelineItem>>(
      apiPath(`${pairPath(a, b)}/timeline`, { knownAt, limit: '1000', cursor }),
    );
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

export function stateUrl(a: string, b: string, at: string, knownAt?: string): string {
  return apiPath(pairPath(a, b), { at, knownAt });
}

export const fetchState = (a: string, b: string, at: string, knownAt?: string) =>
  getJson<StateView>(stateUrl(a, b, at, knownAt));

export const fetchCountries = () => getJson<Page<Country>>('/v1/countries').then((page) => page.items);

export function countryUrl(code: string, at: string): string {
  return apiPath(`/v1/countries/${encodeURIComponent(code)}/relationships`, { at });
}

export const fetchCountryRelationships = (code: string, at: string) =>
  getJson<Page<CountryRelationship>>(countryUrl(code, at)).then((page) => page.items);

/** The first page of a search of every relationship (GET /v1/events, docs/search.md). */
export const fetchSearch = (q: string, limit = 20) =>
  getJson<Page<TimelineItem>>(apiPath('/v1/events', { q, limit: String(limit) }));

export const fetchEvent = (eventId: string) =>
  getJson<RecordedEventView>(`/v1/events/${encodeURIComponent(eventId)}`);

export interface MissionSummary {
  mission: string;
  resident: boolean;
  headOfMission?: string;
  since: string;
}
