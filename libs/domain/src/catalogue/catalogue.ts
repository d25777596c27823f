import { ClassConstructor } from 'class-transformer';
import { EventCorrectedData, EventRetractedData } from './amendments.schema';
import {
  AgreementEnteredIntoForceData,
  AgreementSignedData,
  AgreementTerminatedData,
} from './agreements.schema';
import { AmbassadorRecalledData, DiplomatsExpelledData } from './mission-heads.schema';
import { PartnershipDeclaredData } from './partnership.schema';
import { PositionStatedData, StatementIssuedData } from './positions.schema';
import {
  DiplomaticRelationsEstablishedData,
  DiplomaticRelationsRestoredData,
  DiplomaticRelationsSeveredData,
} from './relations.schema';
import { RecognitionData } from './recognition.schema';
import { RepresentationChangedData } from './representation.schema';
import { SanctionsImposedData, SanctionsLiftedData } from './sanctions.schema';
import { VisaPolicyChangedData } from './visas.schema';
import { MeetingHeldData, VisitAnnouncedData, VisitCancelledData, VisitHeldData } from './visits.schema';

/**
 * The event types of docs/domain.md#the-event-catalogue. Schema version 1 had the first 19; version 2 adds
 * recalls, expulsions and recognition (`since` in the catalogue).
 */
export const EVENT_TYPES = [
  'DiplomaticRelationsEstablished',
  'DiplomaticRelationsSevered',
  'DiplomaticRelationsRestored',
  'RepresentationChanged',
  'PartnershipDeclared',
  'AgreementSigned',
  'AgreementEnteredIntoForce',
  'AgreementTerminated',
  'VisitAnnounced',
  'VisitHeld',
  'VisitCancelled',
  'MeetingHeld',
  'VisaPolicyChanged',
  'PositionStated',
  'SanctionsImposed',
  'SanctionsLifted',
  'StatementIssued',
  'AmbassadorRecalled',
  'DiplomatsExpelled',
  'RecognitionGranted',
  'RecognitionWithdrawn',
  'EventCorrected',
  'EventRetracted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** The types that amend a recorded fact instead of stating one. */
export type AmendmentType = 'EventCorrected' | 'EventRetracted';
/** The types that state a fact: each has its case in the fold (evolve-relationship.ts), checked by the compiler. */
export type FactType = Exclude<EventType, AmendmentType>;

export type SlugField = 'agreementId' | 'visitId' | 'sanctionsId';

/**
 * A slug rule (docs/domain.md#the-event-catalogue): `introduces` — no other live event of this type may use
 * the slug; `requires` — a live event of `introducedBy` must have introduced it.
 */
export interface SlugRule {
  field: SlugField;
  role: 'introduces' | 'requires';
  introducedBy: EventType;
}

export interface EventTypeSpec {
  schema: ClassConstructor<object>;
  slug?: SlugRule;
  /** Corrections and retractions are recorded through their own endpoints, not as facts. */
  amendment?: true;
  /** The schema version that introduced the type; 1 when absent. */
  since?: number;
}

const agreement = (role: SlugRule['role']): SlugRule => ({
  field: 'agreementId',
  role,
  introducedBy: 'AgreementSigned',
});

/** The event catalogue: one schema per type, used for HTTP, import and corrections alike. */
export const EVENT_CATALOGUE: Record<EventType, EventTypeSpec> = {
  DiplomaticRelationsEstablished: { schema: DiplomaticRelationsEstablishedData },
  DiplomaticRelationsSevered: { schema: DiplomaticRelationsSeveredData },
  DiplomaticRelationsRestored: { schema: DiplomaticRelationsRestoredData },
  RepresentationChanged: { schema: RepresentationChangedData },
  PartnershipDeclared: { schema: PartnershipDeclaredData },
  AgreementSigned: { schema: AgreementSignedData, slug: agreement('introduces') },
  AgreementEnteredIntoForce: { schema: AgreementEnteredIntoForceData, slug: agreement('requires') },
  AgreementTerminated: { schema: AgreementTerminatedData, slug: agreement('requires') },
  VisitAnnounced: {
    schema: VisitAnnouncedData,
    slug: { field: 'visitId', role: 'introduces', introducedBy: 'VisitAnnounced' },
  },
  VisitHeld: { schema: VisitHeldData },
  VisitCancelled: {
    schema: VisitCancelledData,
    slug: { field: 'visitId', role: 'requires', introducedBy: 'VisitAnnounced' },
  },
  MeetingHeld: { schema: MeetingHeldData },
  VisaPolicyChanged: { schema: VisaPolicyChangedData },
  PositionStated: { schema: PositionStatedData },
  SanctionsImposed: {
    schema: SanctionsImposedData,
    slug: { field: 'sanctionsId', role: 'introduces', introducedBy: 'SanctionsImposed' },
  },
  SanctionsLifted: {
    schema: SanctionsLiftedData,
    slug: { field: 'sanctionsId', role: 'requires', introducedBy: 'SanctionsImposed' },
  },
  StatementIssued: { schema: StatementIssuedData },
  AmbassadorRecalled: { schema: AmbassadorRecalledData, since: 2 },
  DiplomatsExpelled: { schema: DiplomatsExpelledData, since: 2 },
  RecognitionGranted: { schema: RecognitionData, since: 2 },
  RecognitionWithdrawn: { schema: RecognitionData, since: 2 },
  EventCorrected: { schema: EventCorrectedData, amendment: true },
  EventRetracted: { schema: EventRetractedData, amendment: true },
};

/** The types that a client records directly (POST /v1/events). */
export const FACT_TYPES = EVENT_TYPES.filter((t) => !EVENT_CATALOGUE[t].amendment);

export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);
}

export function specOf(type: EventType): EventTypeSpec {
  return EVENT_CATALOGUE[type];
}
