import * as sqliteBacked from '../support/test-app';
import { EventStoreDbDouble } from './esdb-double';

export * from '../support/test-app';

/**
 * The e2e suites' `startTestApp`, with the service on EVENT_STORE=eventstoredb against a fresh
 * EventStoreDB wire double of its own (the e2e-esdb jest project maps `./support/test-app` here), so
 * that the same suites run over HTTP against the real `@eventstore/db-client`. Each app gets its own
 * double, as each gets its own SQLite file in the default mode: suites assume an empty store.
 */
export async function startTestApp(
  ...[env = {}, ...rest]: Parameters<typeof sqliteBacked.startTestApp>
): ReturnType<typeof sqliteBacked.startTestApp> {
  const double = await EventStoreDbDouble.start();
  try {
    const app = await sqliteBacked.startTestApp(
      { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString, ...env },
      ...rest,
    );
    const close = app.close.bind(app);
    return Object.assign(app, {
      async close() {
        await close();
        await double.stop();
      },
    });
  } catch (error) {
    await double.stop();
    throw error;
  }
}
