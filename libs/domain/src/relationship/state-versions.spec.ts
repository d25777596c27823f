import { example, exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { parseFactInput } from '../event-input';
import { RecordedEvent, SCHEMA_VERSION } from '../recorded-event';
import { DatedFact, factsAsKnown } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';
import { BODY_MEMBERS, foldFacts, renderBody, renderMembers } from './state-at';
import { assembleBody, SECTION_CHANGED_BY, SectionName, SECTIONS } from './state-versions';

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
const sectionJson = (fold: RelationshipFold, name: SectionName) =>
  JSON.stringify(renderMembers(fold, '2025-01-01', [name])[name]);
const sections = (fold: RelationshipFold) => SECTIONS.map((name) => sectionJson(fold, name));

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
          return sectionJson(after, name) !== sectionJson(start, name);
        });
        expect({ name, type, changes }).toEqual({ name, type, changes: true });
      }
    }
  });

  test('a body assembled from its frame and sections is the text JSON.stringify gives of renderBody', () => {
    const members = (value: object) => JSON.stringify(value).slice(1, -1);
    for (const fold of [emptyRelationship(), RICH]) {
      const body = renderBody(fold, '2025-01-01');
      const frame = [[] as string[]];
      for (const m of BODY_MEMBERS) {
        if ((SECTIONS as readonly string[]).includes(m)) frame.push([]);
        else frame[frame.length - 1].push(members({ [m]: body[m] }));
      }
      const parts = SECTIONS.map((name) => JSON.stringify(body[name]));
      expect(assembleBody(frame.map((group) => group.join(',')).join('\u0000'), parts)).toBe(
        JSON.stringify(body),
      );
    }
  });

  test('sections do not depend on the date', () => {
    for (const name of SECTIONS) {
      expect(JSON.stringify(renderMembers(RICH, '1900-01-01', [name]))).toBe(
        JSON.stringify(renderMembers(RICH, '2100-01-01', [name])),
      );
    }
  });
});
