import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
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
import { ProblemDetailsFilter } from './problem-details.filter';
import { KnownQueryInterceptor } from './http/known-query.interceptor';

export interface AppOverrides {
  clock?: Clock;
  minPositionWaitMs?: number;
}

@Module({})
export class AppModule {
  static forRoot(config: Config, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TimelineModule.forRoot({
          openStore: () => {
            const logger = new Logger('EventStoreDB');
            return openEventStore(config, (level, message) =>
              level === 'warn' ? logger.warn(message) : logger.log(message),
            );
          },
          readModelPath: config.readModelPath,
          clock: overrides.clock,
          minPositionWaitMs: overrides.minPositionWaitMs,
        }),
      ],
      controllers: [
        EventsController,
        RelationshipsController,
        CountriesController,
        PanelController,
        AuditController,
        HealthController,
      ],
      providers: [
        { provide: TokenRegistry, useValue: new TokenRegistry(config.apiTokens) },
        {
          provide: APP_GUARD,
          inject: [Reflector, TokenRegistry],
          useFactory: (reflector: Reflector, tokens: TokenRegistry) =>
            new AuthGuard(reflector, tokens, { readsRequireToken: config.readsRequireToken }),
        },
        { provide: APP_INTERCEPTOR, useClass: KnownQueryInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
