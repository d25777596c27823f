import { Command, EventIdConflictError, parseFactInput, RuleViolation, SCHEMA_VERSION } from '@app/domain';
import { ChainVerifier, SqliteEventStore } from '@app/event-store';
import { BatchCommand, BatchWriter } from './batch-writer';

const AZ_CN = 'relationship-AZ-CN';
const AZ_TR = 'relationship-AZ-TR';
const stamp = { recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'test', schemaVersion: SCHEMA_VERSION };

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A StatementIssued between `actors`, as an import line would give it. */
function statement(i: number, actors = ['AZ', 'CN'], summary = `statement ${i}`): BatchCommand {
  const fact = parseFactInput({
    type: 'StatementIssued',
    actors,
    occurredOn: '2020',
    data: { by: 'AZ', summary },
    sources: [{ publisher: 'test' }],
  });
  const command: Command = { kind: 'record', ...fact, eventId: id(i) };
  return {
    stream: `relationship-${[...actors].sort().join('-')}`,
    command,
    today: '2026-01-01',
    stamp,
    offered: { type: fact.type, payload: fact.payload },
  };
}

function agreementEnteredIntoForce(i: number, agreementId: string): BatchCommand {
  const fact = parseFactInput({
    type: 'AgreementEnteredIntoForce',
    actors: ['AZ', 'CN'],
    occurredOn: '2020',
    data: { agreementId },
    sources: [{ publisher: 'test' }],
  });
  return {
    stream: AZ_CN,
    command: { kind: 'record', ...fact, eventId: id(i) },
    today: '2026-01-01',
    stamp,
    offered: { type: fact.type, payload: fact.payload },
  };
}

async function verified(store: SqliteEventStore): Promise<{ ok: boolean; events: number }> {
  const verifier = new ChainVerifier();
  for (const event of await store.readAll({ limit: 10_000 })) verifier.add(event);
  return verifier.report();
}

describe('the command handler in batch mode (imports)', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = SqliteEventStore.open({ path: ':memory:' });
  });
  afterEach(() => store.close());

  test('given an empty store, when a batch over two streams is written, then every event is stored in one appendMany, hash-chained', async () => {
    const appendMany = jest.spyOn(store, 'appendMany');
    const outcomes = await new BatchWriter(store).write([
      statement(1),
      statement(2, ['TR', 'AZ']),
      statement(3),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'created', 'created']);
    expect(appendMany).toHaveBeenCalledTimes(1);
    expect((await store.readStream(AZ_CN)).map((e) => [e.eventId, e.revision])).toEqual([
      [id(1), 0n],
      [id(3), 1n],
    ]);
    expect((await store.readStream(AZ_TR)).map((e) => e.eventId)).toEqual([id(2)]);
    expect(await verified(store)).toMatchObject({ ok: true, events: 3 });
  });

  test('when a command breaks a rule, then it alone is refused with the rule, and nothing of it is stored', async () => {
    const outcomes = await new BatchWriter(store).write([
      statement(1),
      agreementEnteredIntoForce(2, 'never-signed'),
      statement(3),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'refused', 'created']);
    expect((outcomes[1] as { error: unknown }).error).toBeInstanceOf(RuleViolation);
    expect((await store.readStream(AZ_CN)).map((e) => e.eventId)).toEqual([id(1), id(3)]);
  });

  test('given events stored by an earlier run, when the same commands come again, then the store answers "already present" and writes nothing', async () => {
    await new BatchWriter(store).write([statement(1), statement(2)]);
    const outcomes = await new BatchWriter(store).write([statement(1), statement(2), statement(3)]);
    expect(outcomes.map((o) => o.kind)).toEqual(['alreadyPresent', 'alreadyPresent', 'created']);
    expect((await store.readStream(AZ_CN)).map((e) => e.eventId)).toEqual([id(1), id(2), id(3)]);
    expect(await verified(store)).toMatchObject({ ok: true, events: 3 });
  });

  test('when an eventId is stored with other content, or in another stream, then that command alone is refused as a conflict', async () => {
    await new BatchWriter(store).write([statement(1)]);
    const outcomes = await new BatchWriter(store).write([
      statement(2),
      statement(1, ['AZ', 'CN'], 'other words'),
      statement(3),
      statement(1, ['AZ', 'TR']),
      statement(4),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'refused', 'created', 'refused', 'created']);
    expect((outcomes[1] as { error: unknown }).error).toBeInstanceOf(EventIdConflictError);
    expect((outcomes[3] as { error: unknown }).error).toBeInstanceOf(EventIdConflictError);
    expect((await store.readStream(AZ_CN)).map((e) => e.eventId)).toEqual([id(1), id(2), id(3), id(4)]);
    expect(await store.readStream(AZ_TR)).toEqual([]);
    expect(await verified(store)).toMatchObject({ ok: true, events: 4 });
  });

  test('given another writer appends to a stream between two batches, when the next batch is refused by the store, then it is decided again on what the store holds', async () => {
    const writer = new BatchWriter(store);
    await writer.write([statement(1)]);
    await new BatchWriter(store).write([statement(2)]); // someone else
    const outcomes = await writer.write([statement(3), statement(4)]);
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'created']);
    expect((await store.readStream(AZ_CN)).map((e) => e.eventId)).toEqual([id(1), id(2), id(3), id(4)]);
    expect(await verified(store)).toMatchObject({ ok: true, events: 4 });
  });
});
