import { Inject, Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { Projector } from '../projections/projector';
import { comparePositions } from '../read-models/positions';
import { EVENT_STORE } from '../tokens';
import { eventMatches, type EventFilter } from '../search/event-filter';

/** Events read from the log per query: a page is written to the client before the next is read. */
export const FEED_PAGE = 100;

export interface FollowOptions {
  /** Start after this position (exclusive); absent: after what the read models hold now (live only). */
  after?: string;
  filter: EventFilter;
  signal: AbortSignal;
  /** How long one wait for the projector lasts before it is renewed (the signal ends it sooner). */
  waitMs?: number;
}

/** A page of the feed: the events that pass the filter, and the position the feed has read through. */
export interface FeedPage {
  events: RecordedEvent[];
  through: string;
}

/**
 * The live feed's source (docs/architecture.md, "The live feed"): the store's ordered log, read after a
 * position, up to what the read models hold — an event reaches a client once a read with its position
 * as `minPosition` would see it. Woken by the projector when its checkpoint moves: one subscription to
 * the store for the process (the projector's), however many clients follow, and never the in-process
 * event bus. Positions only grow, so a client that resumes after the last `through` it saw misses
 * nothing and sees nothing twice.
 */
@Injectable()
export class LogFollower {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  /** Where a feed without `after` starts: the read models' checkpoint now. */
  start(): string | undefined {
    return this.projector.checkpoint();
  }

  async *follow(options: FollowOptions): AsyncGenerator<FeedPage> {
    const { filter, signal } = options;
    let cursor = options.after ?? this.start();
    while (!signal.aborted) {
      const projected = this.projector.checkpoint();
      let waitFrom = cursor;
      if (projected !== undefined && (cursor === undefined || comparePositions(projected, cursor) > 0)) {
        const read = await this.store.readAll({ fromPosition: cursor, limit: FEED_PAGE });
        const page = read.filter((e) => comparePositions(e.position, projected) <= 0);
        if (page.length > 0) {
          cursor = page[page.length - 1].position;
          yield { events: page.filter((e) => eventMatches(filter, e)), through: cursor };
          continue;
        }
        // Nothing between the cursor and the checkpoint (read models rebuilt elsewhere): wait for more.
        waitFrom = projected;
      }
      await this.projector.waitBeyond(waitFrom, options.waitMs ?? 30_000, signal);
    }
  }
}
