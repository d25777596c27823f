import { InvalidInputError } from '@app/domain';
import { example } from '../../../../test/fixtures/example-facts';
import { parseImportLine } from './import-line';

/** A line as `export` writes it: the event with its record time, recorder, schema version and hashes. */
function exported(type: 'RecognitionGranted' | 'StatementIssued', schemaVersion: unknown): string {
  return JSON.stringify({
    ...example(type),
    eventId: '00000000-0000-4000-8000-000000000001',
    stream: 'relationship-AZ-CN',
    revision: 0,
    recordedAt: '2026-01-01T00:00:00.000Z',
    recordedBy: 'recorder',
    schemaVersion,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  });
}

function fieldErrors(line: string) {
  try {
    parseImportLine(line);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors;
    throw error;
  }
  throw new Error('expected the line to be refused');
}

describe('import: the schema version of a line in export form (docs/domain.md#the-event-catalogue)', () => {
  test('a version-1 line of a version-1 type keeps its version', () => {
    expect(parseImportLine(exported('StatementIssued', 1))).toMatchObject({
      kind: 'restore',
      schemaVersion: 1,
    });
  });

  test('a version-2 line of a version-2 type is read', () => {
    expect(parseImportLine(exported('RecognitionGranted', 2))).toMatchObject({
      kind: 'restore',
      type: 'RecognitionGranted',
      schemaVersion: 2,
    });
  });

  test('a version-1 line of a type that version 2 introduced was altered: refused, naming the type', () => {
    expect(fieldErrors(exported('RecognitionGranted', 1))).toEqual([
      {
        field: 'type',
        rule: 'exportField',
        message: 'RecognitionGranted was introduced by schema version 2',
      },
    ]);
  });

  test.each([3, 0, '2', null])('a schema version this build does not know (%p) is refused', (version) => {
    expect(fieldErrors(exported('StatementIssued', version)).map((e) => e.field)).toContain('schemaVersion');
  });
});
