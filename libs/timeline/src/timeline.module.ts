import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { AmendEventHandler } from './events/amend-event.command';
import { GetEventHandler } from './events/get-event.query';
import { RecordEventHandler } from './events/record-event.command';
import { StreamWriter } from './events/stream-writer';
import { GetHealthHandler } from './health/get-health.query';
import { CLOCK, Clock, EVENT_STORE, systemClock } from './tokens';

export interface TimelineOptions {
  /** Opens the event store; the module closes it on shutdown. */
  openStore: () => Promise<EventStore> | EventStore;
  clock?: Clock;
}

/** Commands and queries of the timeline: the application layer between HTTP (or the CLI) and the store. */
@Module({})
export class TimelineModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: TimelineOptions): DynamicModule {
    return {
      module: TimelineModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useFactory: options.openStore },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        StreamWriter,
        RecordEventHandler,
        AmendEventHandler,
        GetEventHandler,
        GetHealthHandler,
      ],
      exports: [EVENT_STORE, CLOCK],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
