import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { actorName, type Mission, utcDay } from '@app/domain';
import { StateReader } from '../read-models/state-reader';
import { CLOCK, Clock } from '../tokens';
import { parseActor, parseDay, parseRank } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import type { Page } from './get-timeline.query';

export interface CountryRelationship {
  counterpart: string;
  counterpartName: string | null;
  relationship: string;
  relations: { status: string; since?: string; basis?: 'representation' };
  partnership: { level: string; rank: number | null; since: string } | null;
  lastEvent: { eventId: string; type: string; occurredOn: string } | null;
  /** The state's mission in the counterpart (`sent`) and the counterpart's in the state (`received`). */
  missions: { sent: MissionSummary | null; received: MissionSummary | null };
}

export interface MissionSummary {
  mission: string;
  resident: boolean;
  headOfMission?: string;
  since: string;
}

function missionSummary(mission: Mission | undefined): MissionSummary | null {
  if (!mission) return null;
  const { mission: kind, resident, headOfMission, since } = mission;
  return headOfMission
    ? { mission: kind, resident, headOfMission, since }
    : { mission: kind, resident, since };
}

export interface CountryRelationshipsParams {
  code: string;
  at?: string;
  minPartnershipRank?: string;
  minPosition?: string;
}

/** Every relationship of one state on a date: counterpart, status, partnership, last event. */
export class GetCountryRelationshipsQuery extends Query<
  Page<CountryRelationship> & { actor: string; at: string }
> {
  constructor(readonly params: CountryRelationshipsParams) {
    super();
  }
}

@QueryHandler(GetCountryRelationshipsQuery)
export class GetCountryRelationshipsHandler implements IQueryHandler<GetCountryRelationshipsQuery> {
  constructor(
    private readonly readModels: StateReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ params }: GetCountryRelationshipsQuery) {
    const actor = parseActor('code', params.code);
    const at = parseDay('at', params.at) ?? utcDay(this.clock.now());
    const minRank = parseRank('minPartnershipRank', params.minPartnershipRank);
    await this.readYourWrites.ensure(params.minPosition);
    const items: CountryRelationship[] = [];
    for (const { relationship, counterpart } of this.readModels.relationshipsOf(actor)) {
      const state = this.readModels.summaryOn(relationship, at);
      if (!state || state.eventCount === 0) continue; // nothing of this pair had happened yet on `at`
      if (minRank !== undefined && (state.partnership?.rank ?? 0) < minRank) continue;
      const { status, since, basis } = state.relations;
      items.push({
        counterpart,
        counterpartName: actorName(counterpart) ?? null,
        relationship,
        relations: {
          status,
          ...(since === undefined ? {} : { since }),
          ...(basis === undefined ? {} : { basis }),
        },
        partnership: state.partnership
          ? { level: state.partnership.level, rank: state.partnership.rank, since: state.partnership.since }
          : null,
        lastEvent: state.lastEvent,
        missions: {
          sent: missionSummary(state.representation[actor]),
          received: missionSummary(state.representation[counterpart]),
        },
      });
    }
    // At most one row per other state (a few hundred): one page.
    return { actor, at, items, nextCursor: null };
  }
}
