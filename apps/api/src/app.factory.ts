import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, AppOverrides } from './app.module';
import type { Config } from './config';
import { serveOpenApi } from './openapi';

export interface CreateAppOptions extends AppOverrides {
  logger?: LoggerService | false;
}

/** The HTTP application, ready to listen or to be injected into (tests). */
export async function createApp(
  config: Config,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A body with __proto__ or constructor.prototype keys is refused outright (400), not sanitised.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    logger: options.logger ?? ['error', 'warn', 'log'],
    // Fastify's own parser takes application/json and nothing else (415 for the rest).
    bodyParser: false,
  });
  app.enableShutdownHooks();
  serveOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
