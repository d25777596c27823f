import type { Period, Source, TimelineItem } from './api.js';

/** Names a state for people: "Azerbaijan" for AZ (the code itself when the name is unknown). */
export type NameOf = (code: string) => string;

/** The rows of the chart: events grouped by kind (docs/domain.md#the-event-catalogue), in this order. */
export const KINDS = [
  {
    id: 'relations',
    label: 'Relations',
    types: ['DiplomaticRelationsEstablished', 'DiplomaticRelationsSevered', 'DiplomaticRelationsRestored'],
  },
  { id: 'partnership', label: 'Partnership', types: ['PartnershipDeclared'] },
  {
    id: 'missions',
    label: 'Missions',
    types: ['RepresentationChanged', 'AmbassadorRecalled', 'DiplomatsExpelled'],
  },
  { id: 'recognition', label: 'Recognition', types: ['RecognitionGranted', 'RecognitionWithdrawn'] },
  {
    id: 'agreements',
    label: 'Agreements',
    types: ['AgreementSigned', 'AgreementEnteredIntoForce', 'AgreementTerminated'],
  },
  { id: 'visits', label: 'Visits', types: ['VisitAnnounced', 'VisitHeld', 'VisitCancelled', 'MeetingHeld'] },
  { id: 'visas', label: 'Visas', types: ['VisaPolicyChanged'] },
  { id: 'positions', label: 'Positions', types: ['PositionStated', 'StatementIssued'] },
  { id: 'sanctions', label: 'Sanctions', types: ['SanctionsImposed', 'SanctionsLifted'] },
] as const;

export type KindId = (typeof KINDS)[number]['id'];

export function kindOf(type: string): KindId {
  return KINDS.find((kind) => (kind.types as readonly string[]).includes(type))?.id ?? 'positions';
}

const TYPE_LABELS: Record<string, string> = {
  DiplomaticRelationsEstablished: 'Diplomatic relations established',
  DiplomaticRelationsSevered: 'Diplomatic relations severed',
  DiplomaticRelationsRestored: 'Diplomatic relations restored',
  RepresentationChanged: 'Representation changed',
  PartnershipDeclared: 'Partnership declared',
  AgreementSigned: 'Agreement signed',
  AgreementEnteredIntoForce: 'Agreement entered into force',
  AgreementTerminated: 'Agreement terminated',
  VisitAnnounced: 'Visit announced',
  VisitHeld: 'Visit held',
  VisitCancelled: 'Visit cancelled',
  MeetingHeld: 'Meeting held',
  VisaPolicyChanged: 'Visa policy changed',
  PositionStated: 'Position stated',
  SanctionsImposed: 'Sanctions imposed',
  SanctionsLifted: 'Sanctions lifted',
  StatementIssued: 'Statement issued',
  AmbassadorRecalled: 'Ambassador recalled',
  DiplomatsExpelled: 'Diplomats expelled',
  RecognitionGranted: 'Recognition granted',
  RecognitionWithdrawn: 'Recognition withdrawn',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const personName = (value: unknown): string =>
  typeof value === 'object' && value !== null ? text((value as { name?: unknown }).name) : '';

const HEAD_OF_MISSION_TEXT: Record<string, string> = {
  ambassador: 'ambassador',
  minister: 'minister',
  'charge-d-affaires': "chargé d'affaires",
};

/**
 * A mission in words, with the class of its head when known: "embassy in Baku, chargé d'affaires"; headed
 * ad interim once its head was recalled or expelled: "embassy in Baku, ambassador recalled 2025-05-02:
 * chargé d'affaires ad interim".
 */
export function missionText(
  mission: string,
  resident: boolean,
  city?: string,
  headOfMission?: string,
  headLeft?: { how: string; on: string; forConsultations?: boolean },
): string {
  if (mission === 'none') return 'no mission';
  const head = headOfMission ? `, ${HEAD_OF_MISSION_TEXT[headOfMission] ?? headOfMission}` : '';
  const left = headLeft
    ? ` ${headLeft.how}${headLeft.forConsultations ? ' for consultations' : ''} ${headLeft.on}: chargé d'affaires ad interim`
    : '';
  return `${mission.replace('-', ' ')}${resident ? '' : ' (non-resident)'}${city ? ` in ${city}` : ''}${head}${left}`;
}

/** "de-jure" → "de jure". */
export const recognitionKindText = (kind: string): string => kind.replace('-', ' ');

/** What an event says, in a few words: the label on the chart and in the list. */
export function describeEvent(item: Pick<TimelineItem, 'type' | 'data'>, nameOf: NameOf): string {
  const d = item.data;
  const actor = (field: string) => nameOf(text(d[field]));
  switch (item.type) {
    case 'DiplomaticRelationsEstablished':
      return `Relations established${d.level ? ` (${text(d.level)})` : ''}`;
    case 'DiplomaticRelationsSevered':
      return `Relations severed${d.initiatedBy ? ` by ${actor('initiatedBy')}` : ''}`;
    case 'DiplomaticRelationsRestored':
      return 'Relations restored';
    case 'RepresentationChanged':
      return `${actor('sender')}: ${missionText(text(d.mission), d.resident !== false, text(d.city) || undefined, text(d.headOfMission) || undefined)}`;
    case 'PartnershipDeclared':
      return capitalise(text(d.level));
    case 'AgreementSigned':
      return `Signed: ${text(d.title) || text(d.agreementId)}`;
    case 'AgreementEnteredIntoForce':
      return `In force: ${text(d.agreementId)}`;
    case 'AgreementTerminated':
      return `Terminated: ${text(d.agreementId)}`;
    case 'VisitAnnounced':
      return `${capitalise(text(d.level))} visit announced: ${personName(d.visitor)}`;
    case 'VisitHeld':
      return `${capitalise(text(d.level))} visit: ${personName(d.visitor)}`;
    case 'VisitCancelled':
      return `Visit cancelled: ${text(d.visitId)}`;
    case 'MeetingHeld':
      return `Meeting: ${Array.isArray(d.participants) ? d.participants.map(personName).join(', ') : ''}`;
    case 'VisaPolicyChanged':
      return `${text(d.regime)} for ${actor('beneficiary')} citizens in ${actor('grantedBy')}`;
    case 'PositionStated':
      return `${actor('by')} ${text(d.stance)}: ${text(d.topic)}`;
    case 'StatementIssued':
      return `${actor('by')}: ${text(d.summary)}`;
    case 'SanctionsImposed':
      return `Sanctions by ${actor('by')}: ${text(d.scope)}`;
    case 'SanctionsLifted':
      return `Sanctions lifted: ${text(d.sanctionsId)}`;
    case 'AmbassadorRecalled':
      return `${actor('sender')} recalls its head of mission${d.forConsultations === true ? ' for consultations' : ''}`;
    case 'DiplomatsExpelled': {
      const count = typeof d.count === 'number' ? `${d.count} ` : '';
      const head = d.includesHeadOfMission === true ? ', the head of mission among them' : '';
      return `${actor('by')} expels ${count}diplomat${d.count === 1 ? '' : 's'} (persona non grata)${head}`;
    }
    case 'RecognitionGranted':
      return `${actor('by')} recognises ${actor('of')} (${recognitionKindText(text(d.kind))})`;
    case 'RecognitionWithdrawn':
      return `${actor('by')} withdraws its recognition of ${actor('of')} (${recognitionKindText(text(d.kind))})`;
    default:
      return typeLabel(item.type);
  }
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** "2024-07 (month: 2024-07-01 – 2024-07-31)" — what a date of reduced precision covers. */
export function periodText(occurredOn: string, period: Period): string {
  if (period.start === period.end) return `${occurredOn} (day)`;
  return `${occurredOn} (${period.precision}: ${period.start} – ${period.end})`;
}

/** A source on one line: publisher, “title”, date, whom it cites. */
export function sourceText(source: Source): string {
  return [
    source.publisher,
    source.title ? `“${source.title}”` : '',
    source.publishedOn ?? '',
    source.citing ? `citing ${source.citing}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
