import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Projector, ReplayReadModelsCommand, TimelineModule } from '@app/timeline';
import { CliContext, cliConfig, openStore, parseCommandArgs } from '../cli-context';

/**
 * `replay [--swap]`: rebuilds every read model from position 0 beside the live ones and compares their
 * digests (docs/audit.md); with --swap the rebuilt ones replace the live ones. Run it while the API is stopped,
 * or use POST /v1/audit/replay on a running API.
 */
export async function replayCommand(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(
    'replay',
    args,
    { swap: { type: 'boolean' } },
    { min: 0, max: 0, missing: '' },
  );
  const config = cliConfig(context);
  const store = openStore(context, 'reading');
  const app = await NestFactory.createApplicationContext(
    TimelineModule.forRoot({
      openStore: () => store,
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
      .execute(new ReplayReadModelsCommand({ swap: values.swap === true }));
    context.out(`${JSON.stringify(report, null, 2)}\n${report.ok ? 'OK' : 'DIFFERENT'}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}
