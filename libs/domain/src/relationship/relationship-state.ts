/**
 * The state of one relationship as a fold of its facts in valid time. JSON-serialisable, so that the
 * read model can keep it as a version and resume the fold from it. `renderState` turns it into the
 * answer of docs/domain.md for a given date.
 */
export interface Anomaly {
  kind: string;
  message: string;
  eventIds: string[];
}

export interface Pending {
  eventId: string;
  type: string;
  occurredOn: string;
  /** Last day of the event's period: until then the state lists the event as uncertain. */
  end: string;
  why: string;
}

export interface RelationsStatus {
  status: 'none' | 'established' | 'severed';
  since?: string;
  eventId?: string;
  level?: string;
}

export interface Partnership {
  level: string;
  rank: number | null;
  since: string;
  eventId: string;
  instrument?: string;
}

export interface Mission {
  mission: string;
  resident: boolean;
  city?: string;
  /** The class of the mission's head (docs/domain.md, "Representation"), when the record says. */
  headOfMission?: string;
  since: string;
  eventId: string;
}

export interface AgreementState {
  agreementId: string;
  title?: string;
  kind?: string;
  areas?: string[];
  status: 'signed' | 'in-force' | 'terminated';
  signedOn?: string;
  inForceSince?: string;
  terminatedOn?: string;
  eventIds: string[];
}

export interface VisaPolicy {
  grantedBy: string;
  beneficiary: string;
  regime: string;
  maxStayDays?: number;
  until?: string;
  since: string;
  eventId: string;
}

export interface PositionState {
  by: string;
  topic: string;
  stance: string;
  summary?: string;
  since: string;
  eventId: string;
}

export interface SanctionsState {
  sanctionsId: string;
  by: string;
  scope: string;
  since: string;
  eventId: string;
}

export interface VisitState {
  visitId?: string;
  guest: string;
  visitor: unknown;
  level: string;
  occurredOn: string;
  eventId: string;
  plannedFor?: string;
  meetings?: unknown;
}

export interface MeetingState {
  participants: unknown;
  venue?: string;
  topics?: string[];
  occurredOn: string;
  eventId: string;
}

export interface LastEvent {
  eventId: string;
  type: string;
  occurredOn: string;
}

export interface RelationshipFold {
  relations: RelationsStatus;
  partnership: Partnership | null;
  representation: Record<string, Mission>;
  agreements: Record<string, AgreementState>;
  visaPolicies: Record<string, VisaPolicy>;
  positions: Record<string, PositionState>;
  sanctions: Record<string, SanctionsState>;
  visits: {
    last: VisitState | null;
    upcoming: Record<string, VisitState>;
    total: number;
    announced: string[];
    held: string[];
  };
  meetings: { last: MeetingState | null; total: number };
  pending: Pending[];
  anomalies: Anomaly[];
  eventCount: number;
  lastEvent: LastEvent | null;
}

export function emptyRelationship(): RelationshipFold {
  return {
    relations: { status: 'none' },
    partnership: null,
    representation: {},
    agreements: {},
    visaPolicies: {},
    positions: {},
    sanctions: {},
    visits: { last: null, upcoming: {}, total: 0, announced: [], held: [] },
    meetings: { last: null, total: 0 },
    pending: [],
    anomalies: [],
    eventCount: 0,
    lastEvent: null,
  };
}
