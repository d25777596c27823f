import { example, exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { parseFactInput } from '../event-input';
import { RecordedEvent, SCHEMA_VERSION } from '../recorded-event';
import { DatedFact, factsAsKnown } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';
import { foldFacts, renderBody, renderSection, SECTIONS } from './state-at';
import { assembleBody, SECTION_CHANGED_BY } from './state-versions';

// Versions store a section only where it changes, and renderVersions renders a section again only after a
// fact of a type that SECTION_CHANGED_BY names for it. A type missing there would leave a section stale.

const TYPES = Object.keys(exampleFacts) as ExampleFactType[];

function factOf(body: Record<string, unknown>, n: number): DatedFact {
  const input = parseFactInput(body);
  const event: RecordedEvent = {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: input.type,
    payload: input.payload,
    stream: 'relationship-AZ-CN',
    revision: BigInt(n),
    position: String(n + 1),
    metadata: {
      recordedAt: '2026-01-01T00:00:00.000Z',
      recordedBy: 'recorder',
      schemaVersion: SCHEMA_VERSION,
      prevHash: '',
      hash: '',
    },
  };
  return factsAsKnown([event])[0];
}

/** Every section filled: one fact of each type of the catalogue. */
const RICH: RelationshipFold = foldFacts(TYPES.map((type, n) => factOf(example(type), n)));
const sections = (fold: RelationshipFold) =>
  SECTIONS.map((name) => JSON.stringify(renderSection(fold, name)));

describe('the sections of a version', () => {
  test.each(TYPES)(
    'a %s fact, on an empty state or one with every section filled, changes no section but those SECTION_CHANGED_BY names for it',
    (type) => {
      for (const start of [emptyRelationship(), RICH]) {
        const after = structuredClone(start);
        applyFact(after, factOf(example(type, { occurredOn: '2030-01-01' }), 1000));
        const [was, is] = [sections(start), sections(after)];
        SECTIONS.forEach((name, i) => {
          if (!SECTION_CHANGED_BY[name].includes(type))
            expect({ name, json: is[i] }).toEqual({ name, json: was[i] });
        });
      }
    },
  );

  test('each type named for a section changes it, in the empty state or in one with a fact of every other type', () => {
    for (const name of SECTIONS) {
      for (const type of SECTION_CHANGED_BY[name]) {
        const others = TYPES.filter((t) => t !== type).map((t, n) => factOf(example(t), n));
        const changes = [emptyRelationship(), foldFacts(others)].some((start) => {
          const after = structuredClone(start);
          applyFact(after, factOf(example(type as ExampleFactType, { occurredOn: '2030-01-01' }), 1000));
          return JSON.stringify(renderSection(after, name)) !== JSON.stringify(renderSection(start, name));
        });
        expect({ name, type, changes }).toEqual({ name, type, changes: true });
      }
    }
  });

  test('a body assembled from its parts is the text JSON.stringify gives of renderBody', () => {
    const members = (value: object) => JSON.stringify(value).slice(1, -1);
    for (const fold of [emptyRelationship(), RICH]) {
      const body = renderBody(fold, '2025-01-01');
      const { relations, partnership, representation, agreements, visaPolicies, positions, ...tail } = body;
      const parts = [representation, agreements, visaPolicies, positions].map((s) => JSON.stringify(s));
      expect(assembleBody(members({ relations, partnership }), parts, members(tail))).toBe(
        JSON.stringify(body),
      );
    }
  });
});
