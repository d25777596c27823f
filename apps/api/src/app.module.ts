import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, Reflector } from '@nestjs/core';
import { Clock, TimelineModule } from '@app/timeline';
import { AuthGuard } from './auth/auth.guard';
import { TokenRegistry } from './auth/token-registry';
import { openEventStore, type Config } from '@app/config';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { AuditController } from './audit/audit.controller';
import { CountriesController } from './countries/countries.controller';
import { RelationshipsController } from './relationships/relationships.controller';
import { PanelController } from './panel/panel.controller';
import { FeedController } from './feed/feed.controller';
import { FEED_SETTINGS, OpenStreams } from './feed/open-streams';
import { ProblemDetailsFilter } from './problem-details.filter';
import { KnownQueryGuard } from './http/known-query.guard';
import { instrumentStore } from './metrics/instrumented-store';
import { MetricsController } from './metrics/metrics.controller';
import { Metrics } from './metrics/metrics';

export interface AppOverrides {
  clock?: Clock;
  minPositionWaitMs?: number;
}

@Module({})
export class AppModule {
  /** `metrics`: the registry /metrics reads (none with METRICS=off). */
  static forRoot(config: Config, overrides: AppOverrides = {}, metrics?: Metrics): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TimelineModule.forRoot({
          openStore: () => {
            const logger = new Logger('EventStoreDB');
            const store = openEventStore(config, (level, message) =>
              level === 'warn' ? logger.warn(message) : logger.log(message),
            );
            return metrics ? instrumentStore(store, metrics) : store;
          },
          readModelPath: config.readModelPath,
          clock: overrides.clock,
          minPositionWaitMs: overrides.minPositionWaitMs,
        }),
      ],
      controllers: [
        // Before EventsController: /v1/events/stream is its own route, not an event id.
        FeedController,
        EventsController,
        RelationshipsController,
        CountriesController,
        PanelController,
        AuditController,
        HealthController,
        ...(metrics ? [MetricsController] : []),
      ],
      providers: [
        { provide: TokenRegistry, useValue: new TokenRegistry(config.apiTokens) },
        { provide: FEED_SETTINGS, useValue: config.feed },
        OpenStreams,
        {
          provide: APP_GUARD,
          inject: [Reflector, TokenRegistry],
          useFactory: (reflector: Reflector, tokens: TokenRegistry) =>
            new AuthGuard(reflector, tokens, { readsRequireToken: config.readsRequireToken }),
        },
        // After the auth guard (global guards run in the order given): a 401/403 before a 400.
        { provide: APP_GUARD, useClass: KnownQueryGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ...(metrics ? [{ provide: Metrics, useValue: metrics }] : []),
      ],
    };
  }
}
