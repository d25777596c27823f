import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, describeStore, loadConfig } from '@app/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('diplomatic-timeline');
  logger.log(`listening on http://${config.host}:${config.port} (store: ${describeStore(config)})`);
  logger.log(`OpenAPI: http://${config.host}:${config.port}/openapi.json, Swagger UI: /docs`);
  if (config.apiTokens.length === 0) {
    logger.warn('no API_TOKENS configured: reads work, writes are refused until a recorder token is set');
  }
}

void main();
