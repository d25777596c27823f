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

/**
 * An anomaly that depends on the order of two facts, raised once that order is certain (docs/domain.md,
 * "Anomalies"): when no fact of key `settledBy` whose period starts by `until` (the last day of the first
 * fact's period) was folded. The answer on a date lists it from `until` on, when every fact that could
 * settle it has been folded.
 */
export interface Unsettled extends Anomaly {
  until: string;
  settledBy: string;
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
  /**
   * `representation`: no relations event is recorded, and a resident embassy or legation implies them
   * (docs/domain.md, "Relations implied by representation"). Absent: as recorded.
   */
  basis?: 'representation';
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
  /** Headed ad interim since its head was recalled or expelled, until the sender's next RepresentationChanged. */
  adInterim?: true;
  headLeft?: HeadLeft;
}

/** How the head of a mission left it: recalled by the sender, or expelled by the host. */
export interface HeadLeft {
  how: 'recalled' | 'expelled';
  on: string;
  eventId: string;
  /** A recall "for consultations": a protest short of a downgrade, the envoy expected back. */
  forConsultations?: true;
}

export interface RecognitionState {
  by: string;
  of: string;
  kind: string;
  since: string;
  eventId: string;
}

export interface ExpulsionState {
  by: string;
  count?: number;
  includesHeadOfMission?: boolean;
  reason?: string;
  occurredOn: string;
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
    /** Each held visit's id, with the last day of its period (order anomalies compare periods). */
    held: Record<string, string>;
  };
  meetings: { last: MeetingState | null; total: number };
  /** Keyed `BY>OF`: who recognises whom, of which kind, since when. */
  recognition: Record<string, RecognitionState>;
  expulsions: { last: ExpulsionState | null; total: number };
  pending: Pending[];
  anomalies: Anomaly[];
  unsettled: Unsettled[];
  /**
   * The last recorded change of relations (established, severed, restored): the last day of its period, and
   * whether its order after the change before it is open (the two periods overlap). "Established twice" and
   * "severed twice" are anomalies only when that order is certain (docs/domain.md, "Anomalies").
   */
  relationsChange: { until?: string; orderOpen: boolean };
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
    visits: { last: null, upcoming: {}, total: 0, announced: [], held: {} },
    meetings: { last: null, total: 0 },
    recognition: {},
    expulsions: { last: null, total: 0 },
    pending: [],
    anomalies: [],
    unsettled: [],
    relationsChange: { orderOpen: false },
    eventCount: 0,
    lastEvent: null,
  };
}

/**
 * A fold that `applyFact` may change without changing `from`: its containers (records, lists, the visits',
 * meetings' and expulsions' objects) copied, their entries shared. `applyFact` replaces entries and never
 * changes one in place, so a parsed snapshot can be kept (frozen) and folded on again and again, without
 * parsing it again for every query (docs/architecture.md, "The read side").
 */
export function foldOnto(from: RelationshipFold): RelationshipFold {
  return {
    ...from,
    representation: { ...from.representation },
    agreements: { ...from.agreements },
    visaPolicies: { ...from.visaPolicies },
    positions: { ...from.positions },
    sanctions: { ...from.sanctions },
    visits: {
      ...from.visits,
      upcoming: { ...from.visits.upcoming },
      announced: [...from.visits.announced],
      held: { ...from.visits.held },
    },
    meetings: { ...from.meetings },
    recognition: { ...from.recognition },
    expulsions: { ...from.expulsions },
    pending: [...from.pending],
    anomalies: [...from.anomalies],
    unsettled: [...from.unsettled],
    relationsChange: { ...from.relationsChange },
  };
}

/** Freezes a value and everything it holds: a kept fold that a fold step tried to change throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
