import { DatedFact, FactType, periodOf } from '@app/domain';
import { positionOfRow } from './positions';

/** A fact as its row stores it: what the fold reads (docs/architecture.md, "The read side"). */
export function factJson(fact: DatedFact): string {
  return JSON.stringify({
    type: fact.type,
    occurredOn: fact.occurredOn,
    data: fact.data,
    actors: fact.actors,
  });
}

/** A fact row read back: its JSON, id and position (as the row keeps it, see positionToRow). */
export function factOfRow(eventId: string, pos: bigint, json: string): DatedFact {
  const { type, occurredOn, data, actors } = JSON.parse(json) as {
    type: FactType;
    occurredOn: string;
    data: Record<string, unknown>;
    actors?: string[];
  };
  return {
    eventId,
    type,
    occurredOn,
    data,
    position: positionOfRow(pos),
    period: periodOf(occurredOn, eventId),
    ...(actors && { actors }),
  };
}
