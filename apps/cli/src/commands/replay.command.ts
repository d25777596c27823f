import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { SqliteEventStore } from '@app/event-store';
import { Projector, ReplayReadModelsCommand, TimelineModule } from '@app/timeline';
import { loadConfig } from '../../../api/src/config';
import { CliContext } from '../cli-context';

/**
 * `replay [--swap]`: rebuilds every read model from position 0 beside the live ones and compares their
 * digests (DESIGN §5); with --swap the rebuilt ones replace the live ones. Run it while the API is stopped,
 * or use POST /v1/audit/replay on a running API.
 */
export async function replayCommand(args: string[], context: CliContext): Promise<number> {
  const config = loadConfig(context.env);
  const app = await NestFactory.createApplicationContext(
    TimelineModule.forRoot({
      openStore: () => SqliteEventStore.open({ path: config.sqlitePath }),
      readModelPath: config.readModelPath,
    }),
    { logger: ['error', 'warn'] },
  );
  try {
    await app.init();
    const head = await app.get(Projector).checkpoint();
    context.err(`read models at position ${head ?? 'none'}; replaying the log…\n`);
    const report = await app
      .get(CommandBus)
      .execute(new ReplayReadModelsCommand({ swap: args.includes('--swap') }));
    context.out(`${JSON.stringify(report, null, 2)}\n${report.ok ? 'OK' : 'DIFFERENT'}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}
