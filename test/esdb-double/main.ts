import { EventStoreDbDouble } from './esdb-double';

/**
 * `npm run esdb:double [-- --port 2113]`: the EventStoreDB wire double on its own, in memory, on
 * 127.0.0.1, printing its connection string — so the whole API can be started by hand against it:
 *
 *   EVENT_STORE=eventstoredb EVENTSTORE_CONNECTION_STRING='esdb://127.0.0.1:2113?tls=false' npm start
 *
 * A test double, not a database: nothing survives its process (docs/operations.md).
 */
async function main(): Promise<void> {
  const portFlag = process.argv.indexOf('--port');
  const port = portFlag === -1 ? 2113 : Number(process.argv[portFlag + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, got ${process.argv[portFlag + 1]}`);
    process.exit(2);
  }
  const double = await EventStoreDbDouble.start({ port });
  console.log(double.connectionString);
  console.error(
    'EventStoreDB wire double (in memory, 127.0.0.1 only): Ctrl-C stops it and forgets everything',
  );
  const stop = (): void => void double.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
