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

/**
 * An anomaly of order (the first fact before a second that should precede it), raised once no fact of key
 * `settledBy` starting within the first fact's period has been folded: overlapping periods leave the order
 * open, and that is no anomaly (docs/domain.md, "Anomalies").
 */
function unlessSettled(
  state: RelationshipFold,
  fact: DatedFact,
  settledBy: string,
  kind: string,
  message: string,
  eventIds: (string | undefined)[],
): void {
  state.unsettled.push({
    kind,
    message,
    eventIds: eventIds.filter((id): id is string => id !== undefined),
    until: fact.period.end,
    settledBy,
  });
}

/** A fact of key `settledBy` folds: the order anomalies whose first fact's period it starts within are not. */
function settle(state: RelationshipFold, settledBy: string, fact: DatedFact): void {
  if (state.unsettled.length === 0) return;
  state.unsettled = state.unsettled.filter((u) => u.settledBy !== settledBy || fact.period.start > u.until);
}

/**
 * A recorded change of relations folds: notes whether its order after the previous change is open (their
 * periods overlap), so that a later "twice" anomaly is raised only when nothing could lie between.
 */
function changeRelations(state: RelationshipFold, fact: DatedFact): void {
  const before = state.relationsChange.until;
  state.relationsChange = {
    until: fact.period.end,
    orderOpen: before !== undefined && fact.period.start <= before,
  };
}

/** Missions that imply diplomatic relations (Vienna Convention, Art. 2; docs/domain.md). */
export function impliesRelations(mission: { mission: string; resident: boolean }): boolean {
  return mission.resident && (mission.mission === 'embassy' || mission.mission === 'legation');
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
    // Relations implied by a mission give way to the recorded establishment: no anomaly. Nor is it one when
    // the establishment in force may have come before a severance (their periods overlap).
    if (
      state.relations.status === 'established' &&
      state.relations.basis === undefined &&
      !state.relationsChange.orderOpen
    ) {
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
    changeRelations(state, fact);
    settle(state, 'relations-established', fact);
  },
  DiplomaticRelationsSevered(state, fact) {
    if (state.relations.status === 'severed' && !state.relationsChange.orderOpen) {
      anomaly(state, 'severed-twice', 'relations severed while already severed', [
        state.relations.eventId,
        fact.eventId,
      ]);
    } else if (state.relations.status === 'none') {
      unlessSettled(
        state,
        fact,
        'relations-established',
        'severed-without-established',
        'relations severed while none were recorded',
        [fact.eventId],
      );
    }
    state.relations = { status: 'severed', since: fact.occurredOn, eventId: fact.eventId };
    changeRelations(state, fact);
    settle(state, 'relations-severed', fact);
  },
  DiplomaticRelationsRestored(state, fact) {
    if (state.relations.status !== 'severed') {
      unlessSettled(
        state,
        fact,
        'relations-severed',
        'restored-without-severed',
        'relations restored while not recorded as severed',
        [state.relations.eventId, fact.eventId],
      );
    }
    state.relations = { status: 'established', since: fact.occurredOn, eventId: fact.eventId };
    changeRelations(state, fact);
    settle(state, 'relations-established', fact);
  },
  RepresentationChanged(state, fact, data) {
    const mission = withoutUndefined({
      mission: String(data.mission),
      resident: data.resident !== false,
      city: str(data.city),
      headOfMission: str(data.headOfMission),
      since: fact.occurredOn,
      eventId: fact.eventId,
    });
    state.representation[String(data.sender)] = mission;
    settle(state, `mission-${String(data.sender)}`, fact);
    // Where no relations event is recorded, the first resident embassy or legation implies relations.
    if (state.relations.status === 'none' && impliesRelations(mission)) {
      state.relations = {
        status: 'established',
        since: fact.occurredOn,
        eventId: fact.eventId,
        basis: 'representation',
      };
      settle(state, 'relations-established', fact);
    }
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
    // A termination folded first (within the signature's period, or before it: an anomaly) stands.
    const status = known?.status === 'terminated' ? 'terminated' : inForce ? 'in-force' : 'signed';
    state.agreements[id] = withoutUndefined({
      agreementId: id,
      title: str(data.title),
      kind: str(data.kind),
      areas: data.areas as string[] | undefined,
      status: status as 'terminated' | 'in-force' | 'signed',
      signedOn: fact.occurredOn,
      inForceSince: known?.inForceSince ?? (inForce ? fact.occurredOn : undefined),
      eventIds: [...(known?.eventIds ?? []), fact.eventId],
      terminatedOn: known?.terminatedOn,
    });
    settle(state, `agreement-signed-${id}`, fact);
  },
  AgreementEnteredIntoForce(state, fact, data) {
    const id = String(data.agreementId);
    const known = state.agreements[id];
    if (!known) {
      unlessSettled(
        state,
        fact,
        `agreement-signed-${id}`,
        'in-force-before-signed',
        `agreement ${id} entered into force before it was signed`,
        [fact.eventId],
      );
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
      unlessSettled(
        state,
        fact,
        `agreement-signed-${id}`,
        'terminated-before-signed',
        `agreement ${id} terminated before it was signed`,
        [fact.eventId],
      );
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
    settle(state, `visit-announced-${id}`, fact);
    const heldUntil = state.visits.held[id];
    if (heldUntil !== undefined) {
      // Announced within the period of the visit's holding: the order is open, and that is no anomaly.
      if (fact.period.start > heldUntil) {
        anomaly(state, 'announced-after-held', `visit ${id} announced after it was held`, [fact.eventId]);
      }
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
      if (state.visits.held[id] !== undefined) {
        anomaly(state, 'visit-held-twice', `visit ${id} held twice`, [fact.eventId]);
      } else if (!state.visits.announced.includes(id)) {
        unlessSettled(
          state,
          fact,
          `visit-announced-${id}`,
          'visit-held-without-announcement',
          `visit ${id} held with no announcement before it`,
          [fact.eventId],
        );
      }
      state.visits.held[id] = fact.period.end;
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
    const heldUntil = state.visits.held[id];
    if (heldUntil !== undefined && fact.period.start > heldUntil) {
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
    settle(state, `sanctions-imposed-${id}`, fact);
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
      unlessSettled(
        state,
        fact,
        `sanctions-imposed-${id}`,
        'lifted-while-not-active',
        `sanctions ${id} lifted while not active`,
        [fact.eventId],
      );
    }
    delete state.sanctions[id];
  },
  StatementIssued() {
    // On the timeline only: counted, but it changes no part of the state.
  },
  AmbassadorRecalled(state, fact, data) {
    const sender = String(data.sender);
    const mission = state.representation[sender];
    if (!mission || mission.mission === 'none') {
      unlessSettled(
        state,
        fact,
        `mission-${sender}`,
        'recalled-without-mission',
        `${sender} recalled the head of a mission that is not recorded`,
        [mission?.eventId, fact.eventId],
      );
      return;
    }
    const forConsultations = data.forConsultations === true ? (true as const) : undefined;
    state.representation[sender] = {
      ...mission,
      adInterim: true,
      headLeft: withoutUndefined({
        how: 'recalled' as const,
        on: fact.occurredOn,
        eventId: fact.eventId,
        forConsultations,
      }),
    };
  },
  DiplomatsExpelled(state, fact, data) {
    const by = String(data.by);
    state.expulsions.total += 1;
    state.expulsions.last = withoutUndefined({
      by,
      count: typeof data.count === 'number' ? data.count : undefined,
      includesHeadOfMission:
        typeof data.includesHeadOfMission === 'boolean' ? data.includesHeadOfMission : undefined,
      reason: str(data.reason),
      occurredOn: fact.occurredOn,
      eventId: fact.eventId,
    });
    if (data.includesHeadOfMission !== true) return;
    // The expelled belong to the other state's mission in `by`: the only mission the fold keys by another sender.
    for (const [sender, mission] of Object.entries(state.representation)) {
      if (sender === by || mission.mission === 'none') continue;
      state.representation[sender] = {
        ...mission,
        adInterim: true,
        headLeft: { how: 'expelled', on: fact.occurredOn, eventId: fact.eventId },
      };
    }
  },
  RecognitionGranted(state, fact, data) {
    const key = `${String(data.by)}>${String(data.of)}`;
    const known = state.recognition[key];
    settle(state, `recognition-${key}`, fact);
    // The same recognition granted again keeps its first date; another kind (de facto, then de jure) replaces it.
    if (known?.kind === data.kind) return;
    state.recognition[key] = {
      by: String(data.by),
      of: String(data.of),
      kind: String(data.kind),
      since: fact.occurredOn,
      eventId: fact.eventId,
    };
  },
  RecognitionWithdrawn(state, fact, data) {
    const key = `${String(data.by)}>${String(data.of)}`;
    if (!state.recognition[key]) {
      unlessSettled(
        state,
        fact,
        `recognition-${key}`,
        'withdrawn-without-granted',
        `${String(data.by)} withdrew a recognition of ${String(data.of)} that is not recorded`,
        [fact.eventId],
      );
    }
    // A withdrawal ends the recognition, whatever its kind (docs/domain.md, "Recognition").
    delete state.recognition[key];
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
