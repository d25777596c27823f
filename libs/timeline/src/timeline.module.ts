import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { GetAuditLogHandler } from './audit/get-audit-log.query';
import { GetDigestHandler } from './audit/get-digest.query';
import { GetHistoryHandler } from './audit/get-history.query';
import { ReplayReadModelsHandler } from './audit/replay-read-models.command';
import { VerifyLogHandler } from './audit/verify-log.query';
import { AmendEventHandler } from './events/amend-event.command';
import { GetEventHandler } from './events/get-event.query';
import { RecordEventHandler } from './events/record-event.command';
import { StreamWriter } from './events/stream-writer';
import { LogFollower } from './feed/follow-log';
import { GetPanelHandler } from './panel/get-panel.query';
import { GetHealthHandler } from './health/get-health.query';
import { ReadSideFiguresReader } from './health/read-side-figures';
import { Projector } from './projections/projector';
import { GetCountryRelationshipsHandler } from './queries/get-country-relationships.query';
import { GetRelationshipStateHandler } from './queries/get-relationship-state.query';
import { GetTimelineHandler } from './queries/get-timeline.query';
import { ListCountriesHandler } from './queries/list-countries.query';
import { MIN_POSITION_WAIT_MS, ReadYourWrites } from './queries/read-your-writes';
import { ReadModelFile } from './read-models/read-model-file';
import { StateReader } from './read-models/state-reader';
import { SearchEventsHandler } from './search/search-events.query';
import { CLOCK, Clock, EVENT_STORE, READ_MODELS, systemClock } from './tokens';

export interface TimelineOptions {
  /** Opens the event store; the module closes it on shutdown. */
  openStore: () => Promise<EventStore> | EventStore;
  /** The read-model file (READ_MODEL_PATH), or ':memory:'. */
  readModelPath: string;
  clock?: Clock;
  /** The bound of a `minPosition` wait (at most 5 s, docs/architecture.md). */
  minPositionWaitMs?: number;
}

/**
 * Commands, queries and projections of the timeline: the application layer between HTTP (or the CLI) and the
 * store.
 */
@Module({})
export class TimelineModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelFile,
    private readonly projector: Projector,
  ) {}

  static forRoot(options: TimelineOptions): DynamicModule {
    return {
      module: TimelineModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useFactory: options.openStore },
        { provide: READ_MODELS, useFactory: () => ReadModelFile.open(options.readModelPath) },
        {
          provide: StateReader,
          useFactory: (file: ReadModelFile) => new StateReader(file),
          inject: [READ_MODELS],
        },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: MIN_POSITION_WAIT_MS, useValue: Math.min(options.minPositionWaitMs ?? 5000, 5000) },
        StreamWriter,
        Projector,
        LogFollower,
        ReadYourWrites,
        RecordEventHandler,
        AmendEventHandler,
        GetEventHandler,
        GetHealthHandler,
        GetPanelHandler,
        ReadSideFiguresReader,
        GetRelationshipStateHandler,
        GetTimelineHandler,
        SearchEventsHandler,
        GetCountryRelationshipsHandler,
        ListCountriesHandler,
        GetHistoryHandler,
        GetAuditLogHandler,
        GetDigestHandler,
        VerifyLogHandler,
        ReplayReadModelsHandler,
      ],
      exports: [EVENT_STORE, CLOCK, READ_MODELS, StateReader, Projector, ReadSideFiguresReader, LogFollower],
    };
  }

  onApplicationBootstrap(): void {
    this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    this.readModels.close();
    await this.store.close();
  }
}
