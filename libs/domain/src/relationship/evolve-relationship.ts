import type { FactType } from '../catalogue/catalogue';
import { existenceAnomalies } from '../states/existence-anomalies';
import { stateDates } from '../states/states-by-period';
import type { DatedFact } from './dated-fact';
import { partnershipRank } from './partnership-rank';
import { RelationshipFold } from './relationship-state';

type Data = Record<string, unknown>;
type Case = (state: RelationshipFold, fact: DatedFact, data: Data) => void;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function anomaly(
  state: RelationshipFold,
  kind: string,
  message: string,
  eventIds: (string | undefined)[],
): void {
  state.anomalies.push({ kind, message, eventIds: eventIds.filter((id): id is string => id !== undefined) });
}

/** The object without its undefined members (absent, not null, is "no value"); a loop: folds run it per fact. */
function withoutUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const member = value[key];
    if (member !== undefined) out[key] = member;
  }
  return out as T;
}

/** One case per fact type of the catalogue (docs/domain.md): its effect on the state, and the anomalies it reveals. */
const CASES: { [T in FactType]: Case } = {
  DiplomaticRelationsEstablished(state, fact, data) {
    if (state.relations.status === 'established') {
      anomaly(state, 'established-twice', 'relations established while already established', [
        state.relations.eventId,
        fact.eventId,
      ]);
    }
    state.relations = withoutUndefined({
      status: 'established' as const,
      since: fact.occurredOn,
      eventId: fact.eventId,
      level: str(data.level),
    });
  },
  DiplomaticRelationsSevered(state, fact) {
    if (state.relations.status !== 'established') {
      const kind = state.relations.status === 'none' ? 'severed-without-established' : 'severed-twice';
      anomaly(
        state,
        kind,
        `relations severed while ${state.relations.status === 'none' ? 'none were recorded' : 'already severed'}`,
        [state.relations.eventId, fact.eventId],
      );
    }
    state.relations = { status: 'severed', since: fact.occurredOn, eventId: fact.eventId };
  },
  DiplomaticRelationsRestored(state, fact) {
    if (state.relations.status !== 'severed') {
      anomaly(state, 'restored-without-severed', 'relations restored while not recorded as severed', [
        state.relations.eventId,
        fact.eventId,
      ]);
    }
    state.relations = { status: 'established', since: fact.occurredOn, eventId: fact.eventId };
  },
  RepresentationChanged(state, fact, data) {
    state.representation[String(data.sender)] = withoutUndefined({
      mission: String(data.mission),
      resident: data.resident !== false,
      city: str(data.city),
      headOfMission: str(data.headOfMission),
      since: fact.occurredOn,
      eventId: fact.eventId,
    });
  },
  PartnershipDeclared(state, fact, data) {
    const level = String(data.level);
    state.partnership = withoutUndefined({
      level,
      rank: partnershipRank(level),
      since: fact.occurredOn,
      eventId: fact.eventId,
      instrument: str(data.instrument),
    });
  },
  AgreementSigned(state, fact, data) {
    const id = String(data.agreementId);
    const known = state.agreements[id];
    const inForce = data.inForceOnSignature === true || known?.status === 'in-force';
    state.agreements[id] = withoutUndefined({
      agreementId: id,
      title: str(data.title),
      kind: str(data.kind),
      areas: data.areas as string[] | undefined,
      status: inForce ? ('in-force' as const) : ('signed' as const),
      signedOn: fact.occurredOn,
      inForceSince: known?.inForceSince ?? (inForce ? fact.occurredOn : undefined),
      eventIds: [...(known?.eventIds ?? []), fact.eventId],
    });
  },
  AgreementEnteredIntoForce(state, fact, data) {
    const id = String(data.agreementId);
    const known = state.agreements[id];
    if (!known) {
      anomaly(state, 'in-force-before-signed', `agreement ${id} entered into force before it was signed`, [
        fact.eventId,
      ]);
    }
    state.agreements[id] = {
      ...(known ?? { agreementId: id }),
      status: 'in-force',
      inForceSince: fact.occurredOn,
      eventIds: [...(known?.eventIds ?? []), fact.eventId],
    };
  },
  AgreementTerminated(state, fact, data) {
    const id = String(data.agreementId);
    const known = state.agreements[id];
    if (!known) {
      anomaly(state, 'terminated-before-signed', `agreement ${id} terminated before it was signed`, [
        fact.eventId,
      ]);
    }
    state.agreements[id] = {
      ...(known ?? { agreementId: id }),
      status: 'terminated',
      terminatedOn: fact.occurredOn,
      eventIds: [...(known?.eventIds ?? []), fact.eventId],
    };
  },
  VisitAnnounced(state, fact, data) {
    const id = String(data.visitId);
    state.visits.announced.push(id);
    if (state.visits.held.includes(id)) {
      anomaly(state, 'announced-after-held', `visit ${id} announced after it was held`, [fact.eventId]);
      return;
    }
    state.visits.upcoming[id] = withoutUndefined({
      visitId: id,
      guest: String(data.guest),
      visitor: data.visitor,
      level: String(data.level),
      plannedFor: str(data.plannedFor),
      occurredOn: fact.occurredOn,
      eventId: fact.eventId,
    });
  },
  VisitHeld(state, fact, data) {
    const id = str(data.visitId);
    if (id !== undefined) {
      if (state.visits.held.includes(id)) {
        anomaly(state, 'visit-held-twice', `visit ${id} held twice`, [fact.eventId]);
      } else if (!state.visits.announced.includes(id)) {
        anomaly(state, 'visit-held-without-announcement', `visit ${id} held with no announcement before it`, [
          fact.eventId,
        ]);
      }
      state.visits.held.push(id);
      delete state.visits.upcoming[id];
    }
    state.visits.total += 1;
    state.visits.last = withoutUndefined({
      visitId: id,
      guest: String(data.guest),
      visitor: data.visitor,
      level: String(data.level),
      meetings: data.meetings,
      occurredOn: fact.occurredOn,
      eventId: fact.eventId,
    });
  },
  VisitCancelled(state, fact, data) {
    const id = String(data.visitId);
    if (state.visits.held.includes(id)) {
      anomaly(state, 'cancelled-after-held', `visit ${id} cancelled after it was held`, [fact.eventId]);
    }
    delete state.visits.upcoming[id];
  },
  MeetingHeld(state, fact, data) {
    state.meetings.total += 1;
    state.meetings.last = withoutUndefined({
      participants: data.participants,
      venue: str(data.venue),
      topics: data.topics as string[] | undefined,
      occurredOn: fact.occurredOn,
      eventId: fact.eventId,
    });
  },
  VisaPolicyChanged(state, fact, data) {
    state.visaPolicies[`${String(data.grantedBy)}>${String(data.beneficiary)}`] = withoutUndefined({
      grantedBy: String(data.grantedBy),
      beneficiary: String(data.beneficiary),
      regime: String(data.regime),
      maxStayDays: typeof data.maxStayDays === 'number' ? data.maxStayDays : undefined,
      until: str(data.until),
      since: fact.occurredOn,
      eventId: fact.eventId,
    });
  },
  PositionStated(state, fact, data) {
    state.positions[`${String(data.by)}|${String(data.topic)}`] = withoutUndefined({
      by: String(data.by),
      topic: String(data.topic),
      stance: String(data.stance),
      summary: str(data.summary),
      since: fact.occurredOn,
      eventId: fact.eventId,
    });
  },
  SanctionsImposed(state, fact, data) {
    const id = String(data.sanctionsId);
    if (state.sanctions[id]) {
      anomaly(state, 'imposed-twice', `sanctions ${id} imposed while already active`, [
        state.sanctions[id].eventId,
        fact.eventId,
      ]);
    }
    state.sanctions[id] = {
      sanctionsId: id,
      by: String(data.by),
      scope: String(data.scope),
      since: fact.occurredOn,
      eventId: fact.eventId,
    };
  },
  SanctionsLifted(state, fact, data) {
    const id = String(data.sanctionsId);
    if (!state.sanctions[id]) {
      anomaly(state, 'lifted-while-not-active', `sanctions ${id} lifted while not active`, [fact.eventId]);
    }
    delete state.sanctions[id];
  },
  StatementIssued() {
    // On the timeline only: counted, but it changes no part of the state.
  },
};

function uncertainty(fact: DatedFact): string {
  const { period } = fact;
  return period.interval
    ? `spans ${period.start} to ${period.end}: still in progress on this date`
    : `dated only to the ${period.precision} (${period.text}): it may not have happened yet on this date`;
}

/**
 * Applies one fact, in valid-time order, to a state the caller owns. The fold of docs/domain.md is this step
 * over the facts sorted by `validTimeOrder`; `evolveRelationship` is the same step on a copy.
 */
export function applyFact(state: RelationshipFold, fact: DatedFact): void {
  CASES[fact.type](state, fact, fact.data);
  // A fact dated when one of the pair was no state (docs/data-sets.md#states-that-existed).
  if (fact.actors) state.anomalies.push(...existenceAnomalies(fact.actors, [fact], stateDates));
  state.eventCount += 1;
  state.lastEvent = { eventId: fact.eventId, type: fact.type, occurredOn: fact.occurredOn };
  if (fact.period.end > fact.period.start) {
    state.pending.push({
      eventId: fact.eventId,
      type: fact.type,
      occurredOn: fact.occurredOn,
      end: fact.period.end,
      why: uncertainty(fact),
    });
  }
}

export function evolveRelationship(state: RelationshipFold, fact: DatedFact): RelationshipFold {
  const next = structuredClone(state);
  applyFact(next, fact);
  return next;
}
