import { ConfigError, loadConfig } from './config';
import { describeStore } from './open-event-store';

/**
 * The configuration of the EventStoreDB adapter (docs/operations.md): EVENT_STORE=eventstoredb and
 * EVENTSTORE_CONNECTION_STRING.
 */
describe('configuration of the EventStoreDB store', () => {
  function problemsOf(env: NodeJS.ProcessEnv): string[] {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it.each([
    'esdb://localhost:2113?tls=false',
    'esdb://admin:changeit@node1:2113,node2:2113,node3:2113?nodePreference=leader',
    'esdb+discover://cluster.example.org:2113',
  ])(
    'given EVENT_STORE=eventstoredb and the connection string %s, then the service starts on EventStoreDB',
    (cs) => {
      expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: cs })).toMatchObject({
        eventStore: 'eventstoredb',
        eventstoreConnectionString: cs,
      });
    },
  );

  it('given EVENT_STORE=eventstoredb without a connection string, then the start is refused with an example of one', () => {
    expect(problemsOf({ EVENT_STORE: 'eventstoredb' })).toEqual([
      'EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)',
    ]);
  });

  it.each(['http://localhost:2113', 'localhost:2113', 'esdb://host 2113'])(
    'given the connection string %p, then the start is refused without echoing it (it may hold a password)',
    (cs) => {
      const problems = problemsOf({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: cs });
      expect(problems).toEqual([
        'EVENTSTORE_CONNECTION_STRING: must start with esdb:// or esdb+discover:// and hold no spaces',
      ]);
    },
  );
});

describe('which store a configuration names, as the API and the CLI say it', () => {
  test('SQLite: the absolute path of its file', () => {
    expect(describeStore(loadConfig({ SQLITE_PATH: '/srv/timeline/log.db' }))).toBe(
      'sqlite /srv/timeline/log.db',
    );
  });

  test('EventStoreDB: the connection string without its user and password', () => {
    const config = loadConfig({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://admin:changeit@node1:2113,node2:2113?tls=false',
    });
    expect(describeStore(config)).toBe('eventstoredb esdb://node1:2113,node2:2113?tls=false');
  });
});
