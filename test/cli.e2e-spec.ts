import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContext } from '../apps/cli/src/cli-context';
import { runCli } from '../apps/cli/src/main';
import { articleFacts } from './fixtures/azerbaijan-china';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp } from './support/test-app';
import { example } from './fixtures/example-facts';
import { pairs, seedStore } from './support/seed-store';
import { EventStoreDbDouble } from './esdb-double/esdb-double';
import { NULL_VENUE_EVENT, writeMeetingWithNullVenue } from './support/store-before-null-refused';

/** The CLI (docs/architecture.md): the same libraries as the API, run in-process against temp files. */
describe('CLI: import, export, verify, state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'timeline-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(store: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    return cliOn(join(dir, `${store}.db`), ...args);
  }
  async function cliOn(
    sqlitePath: string,
    ...args: string[]
  ): Promise<{ code: number; out: string; err: string }> {
    return cliWith({ SQLITE_PATH: sqlitePath, READ_MODEL_PATH: `${sqlitePath}.read-models` }, ...args);
  }
  async function cliWith(
    env: NodeJS.ProcessEnv,
    ...args: string[]
  ): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const context: CliContext = {
      env,
      out: (t) => (out += t),
      err: (t) => (err += t),
      interactive: false,
    };
    const code = await runCli(args, context);
    return { code, out, err };
  }
  const file = (name: string, lines: unknown[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return path;
  };

  test('import: valid lines are recorded; refused lines are reported by number and reason, and nothing of them is stored', async () => {
    const path = file('mixed.ndjson', [
      articleFacts[0],
      '{"type": "broken json',
      example('StatementIssued', { actors: ['AZ', 'QQ'] }),
      example('AgreementEnteredIntoForce', { data: { agreementId: 'never-signed' } }),
      example('StatementIssued', { occurredOn: '2999' }),
      articleFacts[1],
    ]);
    const result = await cli('a', 'import', path);
    expect(result.code).toBe(1);
    expect(result.out).toContain('6 lines: 2 accepted, 0 already present, 4 refused');
    expect(result.out).toMatch(/line 2: \(line\): is not JSON/);
    expect(result.out).toMatch(/line 3: actors: unknown country code "QQ"/);
    expect(result.out).toMatch(/line 4: unknown-slug/);
    expect(result.out).toMatch(/line 5: fact-in-future/);
    const exported = await cli('a', 'export', '--out', join(dir, 'a.ndjson'));
    expect(exported.code).toBe(0);
    const lines = readFileSync(join(dir, 'a.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).eventId)).toEqual([
      articleFacts[0].eventId,
      articleFacts[1].eventId,
    ]);
  });

  test('import is idempotent by eventId: a second run adds nothing', async () => {
    const path = file('facts.ndjson', articleFacts);
    expect((await cli('a', 'import', path)).out).toContain('6 accepted');
    const again = await cli('a', 'import', path);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 accepted, 6 already present, 0 refused');
  });

  test('export → import into an empty store → the same digest and the same states at random dates', async () => {
    await seedStore(join(dir, 'a.db'), 3000, 40);
    // Corrections and retractions too, so that restoring amendments is part of the round trip.
    await cli('a', 'import', file('amend.ndjson', articleFacts));
    const exportPath = join(dir, 'a.ndjson');
    expect((await cli('a', 'export', '--out', exportPath)).code).toBe(0);
    const verified = await cli('a', 'verify', exportPath);
    expect(verified.code).toBe(0);
    const digest = /digest: (.*)\n/.exec(verified.out)![1];

    const imported = await cli('b', 'import', exportPath);
    expect(imported.out).toContain('3006 lines: 3006 accepted, 0 already present, 0 refused');
    const reExport = join(dir, 'b.ndjson');
    await cli('b', 'export', '--out', reExport);
    const reVerified = await cli('b', 'verify', reExport);
    expect(/digest: (.*)\n/.exec(reVerified.out)![1]).toBe(digest);
    // The same events, each stream in the same order; only the interleaving of streams (positions) may differ.
    const byEvent = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => ({ ...JSON.parse(l), position: undefined }))
        .sort((x, y) => (x.eventId < y.eventId ? -1 : 1));
    expect(byEvent(readFileSync(reExport, 'utf8'))).toEqual(byEvent(readFileSync(exportPath, 'utf8')));

    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 20; i++) {
      const day = `${1950 + Math.floor(random() * 75)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
      const [a, b] = pairs(40)[Math.floor(random() * 40)];
      const before = await cli('a', 'state', a, b, '--at', day);
      expect(before.code).toBe(0);
      const after = await cli('b', 'state', a, b, '--at', day);
      // Positions are where the import put each stream's events; the rest must be identical.
      const strip = (s: string) => ({ ...JSON.parse(s), knownAt: undefined, position: undefined });
      expect(strip(after.out)).toEqual(strip(before.out));
    }
  }, 60_000);

  test('corrections and retractions recorded through the API survive export → import, hashes and all', async () => {
    const t = await startTestApp();
    await recordAzerbaijanChina(t, 'corrections');
    await t.request({
      method: 'POST',
      url: `/v1/events/${articleFacts[4].eventId}/retraction`,
      as: 'recorder',
      body: { reason: 'test' },
    });
    const digest = (await t.request({ method: 'GET', url: '/v1/audit/digest', as: 'auditor' })).body;
    await cliOn(t.paths.sqlite, 'export', '--out', join(dir, 'a.ndjson'));
    await t.close();
    const imported = await cli('b', 'import', join(dir, 'a.ndjson'));
    expect(imported.out).toContain('10 lines: 10 accepted, 0 already present, 0 refused');
    await cli('b', 'export', '--out', join(dir, 'b.ndjson'));
    expect(/digest: (.*)\n/.exec((await cli('b', 'verify', join(dir, 'b.ndjson'))).out)![1]).toBe(
      JSON.stringify(digest),
    );
    const state = JSON.parse((await cli('b', 'state', 'AZ', 'CN', '--at', '1992-03-01')).out);
    expect(state.relations).toEqual({ status: 'none' });
    expect(state.eventCount).toBe(0);
  });

  test('verify names the line of an export that was altered', async () => {
    await seedStore(join(dir, 'a.db'), 50, 3);
    const exportPath = join(dir, 'a.ndjson');
    await cli('a', 'export', '--out', exportPath);
    const lines = readFileSync(exportPath, 'utf8').trim().split('\n');
    const altered = JSON.parse(lines[20]);
    altered.occurredOn = '1900';
    lines[20] = JSON.stringify(altered);
    writeFileSync(exportPath, lines.join('\n') + '\n');
    const result = await cli('a', 'verify', exportPath);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^line 21: hash-mismatch in relationship-/m);
  });

  test('a tampered export is refused whole: import names its first broken line and stores nothing', async () => {
    await seedStore(join(dir, 'a.db'), 600, 12);
    const exportPath = join(dir, 'a.ndjson');
    await cli('a', 'export', '--out', exportPath);
    const lines = readFileSync(exportPath, 'utf8').trim().split('\n');
    const altered = JSON.parse(lines[300]);
    altered.occurredOn = '1900';
    lines[300] = JSON.stringify(altered);
    writeFileSync(exportPath, lines.join('\n') + '\n');
    // The target store already holds a fact: it must be all that it holds afterwards.
    await cli('b', 'import', file('one.ndjson', [articleFacts[0]]));

    const imported = await cli('b', 'import', exportPath);

    expect(imported.code).toBe(1);
    expect(imported.out).toMatch(/^line 301: hash-mismatch in relationship-/m);
    expect(imported.out).toContain('the export is broken at line 301: nothing was imported');
    const after = await cli('b', 'export', '--out', join(dir, 'b.ndjson'));
    expect(after.err).toContain('exported 1 events');
  });

  test('verify names an exported event its schema now refuses, and the remedy; it exits 1', async () => {
    await writeMeetingWithNullVenue(join(dir, 'a.db'));
    const exportPath = join(dir, 'a.ndjson');
    await cli('a', 'export', '--out', exportPath);
    const result = await cli('a', 'verify', exportPath);
    expect(result.code).toBe(1);
    expect(result.out).toContain('every chain holds');
    expect(result.out).toMatch(
      new RegExp(
        `event ${NULL_VENUE_EVENT} \\(relationship-AZ-CN revision 0, MeetingHeld\\) fails its schema: data.venue notNull`,
      ),
    );
    expect(result.out).toMatch(
      /1 events fail their schema: .*history is never rewritten.*\nOUT OF SCHEMA\n$/,
    );
  });

  test('state prints the relationship on a date; an unknown pair exits 1', async () => {
    await cli('a', 'import', file('facts.ndjson', articleFacts));
    const result = await cli('a', 'state', 'cn', 'az', '--at', '2024-07-04');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      actors: ['AZ', 'CN'],
      partnership: { level: 'strategic partnership' },
    });
    expect((await cli('a', 'state', 'AZ', 'FR')).code).toBe(1);
    expect((await cli('a', 'state', 'AZ', 'QQ')).code).toBe(2);
  });

  test('every command says on stderr which store it opened', async () => {
    const imported = await cli('a', 'import', file('facts.ndjson', articleFacts));
    expect(imported.err).toContain(`store: sqlite ${join(dir, 'a.db')}\n`);
    expect((await cli('a', 'state', 'AZ', 'CN')).err).toContain(`store: sqlite ${join(dir, 'a.db')}\n`);
  });

  test("a command that reads refuses a SQLite file that does not exist, names it and the demo's store, and creates nothing", async () => {
    for (const args of [['state', 'AZ', 'CN'], ['export'], ['replay']]) {
      const result = await cli('missing', ...args);
      expect(result.code).toBe(1);
      expect(result.err).toContain(`no event log at sqlite ${join(dir, 'missing.db')} (SQLITE_PATH)`);
      expect(result.err).toContain('SQLITE_PATH=data/demo/timeline.db');
      expect(result.out).toBe('');
    }
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });

  test('EVENT_STORE=eventstoredb: import, state and export work on EventStoreDB (its wire double), and no SQLite file is touched', async () => {
    const double = await EventStoreDbDouble.start();
    try {
      const env = {
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: double.connectionString,
        SQLITE_PATH: join(dir, 'never.db'),
        READ_MODEL_PATH: join(dir, 'esdb', 'read-models.db'),
      };
      const imported = await cliWith(env, 'import', file('facts.ndjson', articleFacts));
      expect(imported.err).toContain(`store: eventstoredb ${double.connectionString}\n`);
      expect(imported.out).toContain('6 lines: 6 accepted, 0 already present, 0 refused');
      expect(double.log.stream('relationship-AZ-CN')?.length).toBe(6);

      const state = await cliWith(env, 'state', 'AZ', 'CN', '--at', '2024-07-04');
      expect(state.code).toBe(0);
      expect(JSON.parse(state.out)).toMatchObject({ partnership: { level: 'strategic partnership' } });

      const again = await cliWith(env, 'import', file('facts.ndjson', articleFacts));
      expect(again.out).toContain('0 accepted, 6 already present, 0 refused');

      const exported = await cliWith(env, 'export', '--out', join(dir, 'esdb.ndjson'));
      expect(exported.err).toContain('exported 6 events');
      expect((await cliWith(env, 'verify', join(dir, 'esdb.ndjson'))).out).toContain('OK');
      expect(existsSync(join(dir, 'never.db'))).toBe(false);
    } finally {
      await double.stop();
    }
  }, 30_000);

  test('import-us-missions records the data set once; a second run adds nothing', async () => {
    const csv = join(__dirname, '..', 'datasets', 'us-missions', 'transitions.csv');
    const first = await cli('a', 'import-us-missions', csv);
    expect(first.code).toBe(0);
    expect(first.out).toContain('527 lines: 527 accepted, 0 already present, 0 refused');
    // 41 historical states with no ISO code, 27 rows replaced before their state existed (docs/data-sets.md).
    expect(first.out).toContain('68 rows skipped');
    expect(first.out).toContain('(Bavaria): historical state with no ISO code');
    expect(first.out).toContain(
      '(Brunei): before BN became a state (1984-01-01), replaced before then (line 65)',
    );
    const second = await cli('a', 'import-us-missions', csv);
    expect(second.out).toContain('527 lines: 0 accepted, 527 already present, 0 refused');
  }, 30_000);
});
