import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';
import { eventJson } from './event-json';
import { ReadYourWrites } from '../queries/read-your-writes';

/** One event with its metadata, and the corrections and retraction that amend it. */
export class GetEventQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly eventId: string,
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(GetEventQuery)
export class GetEventHandler implements IQueryHandler<GetEventQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ eventId, minPosition }: GetEventQuery): Promise<Record<string, unknown>> {
    // The event itself comes from the store; the wait keeps the contract uniform for every read.
    await this.readYourWrites.ensure(minPosition);
    const event = await this.store.findEvent(eventId.toLowerCase());
    if (!event) throw new NotFoundError(`no event ${eventId} is recorded`);
    const amendments = (
      await this.store.readStream(event.stream, { fromRevision: event.revision + 1n })
    ).filter((e) => e.payload.data.targetEventId === event.eventId);
    const retraction = amendments.find((e) => e.type === 'EventRetracted');
    return {
      ...eventJson(event),
      corrections: amendments.filter((e) => e.type === 'EventCorrected').map(eventJson),
      retraction: retraction ? eventJson(retraction) : null,
    };
  }
}
