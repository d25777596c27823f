import type { Anomaly } from '../relationship/relationship-state';
import type { StateDates } from './state-system';
import { outsideExistence } from './states-by-period';

/**
 * The facts of a pair dated certainly before one of its actors became a state, or after it ceased to
 * be one (docs/data-sets.md#states-that-existed). Pure: the list of states is an argument.
 */
export function existenceAnomalies(
  actors: readonly string[],
  facts: readonly { eventId: string; period: { start: string; end: string } }[],
  statesOf: (code: string) => StateDates | undefined,
): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const code of actors) {
    const state = statesOf(code);
    if (!state) continue;
    for (const fact of facts) {
      const side = outsideExistence(state, fact.period);
      if (side === 'before') {
        anomalies.push({
          kind: 'before-state-existed',
          message: `dated before ${code} became a state (${state.from})${state.predecessor ? `; before, ${state.predecessor}` : ''}`,
          eventIds: [fact.eventId],
        });
      } else if (side === 'after') {
        anomalies.push({
          kind: 'after-state-ceased',
          message: `dated after ${code} ceased to be a state (${state.to})${state.successor ? `; after, ${state.successor}` : ''}`,
          eventIds: [fact.eventId],
        });
      }
    }
  }
  return anomalies;
}
