import { example, exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { parseFactInput } from '../event-input';
import { RecordedEvent, SCHEMA_VERSION } from '../recorded-event';
import { DatedFact, factsAsKnown } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';
import { foldFacts, renderBody, renderMember } from './state-at';
import { KEPT_MEMBERS, KeptMember, MEMBER_CHANGED_BY, renderVersions } from './state-versions';

// renderVersions renders a kept member (a long list) again only after a fact of a type that MEMBER_CHANGED_BY
// names for it, and takes its JSON as it was otherwise. A type missing there would leave a member stale.

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
const memberJson = (fold: RelationshipFold, member: KeptMember, at = '2025-01-01') =>
  JSON.stringify(renderMember(fold, at, member));
const kept = (fold: RelationshipFold) => KEPT_MEMBERS.map((member) => memberJson(fold, member));

describe('the members a version keeps from the one before', () => {
  test.each(TYPES)(
    'a %s fact, on an empty state or one with every member filled, changes no kept member but those MEMBER_CHANGED_BY names for it',
    (type) => {
      for (const start of [emptyRelationship(), RICH]) {
        const after = structuredClone(start);
        applyFact(after, factOf(example(type, { occurredOn: '2030-01-01' }), 1000));
        const [was, is] = [kept(start), kept(after)];
        KEPT_MEMBERS.forEach((member, i) => {
          if (!MEMBER_CHANGED_BY[member].includes(type))
            expect({ member, json: is[i] }).toEqual({ member, json: was[i] });
        });
      }
    },
  );

  test('each type named for a kept member changes it, in the empty state or in one with a fact of every other type', () => {
    for (const member of KEPT_MEMBERS) {
      for (const type of MEMBER_CHANGED_BY[member]) {
        const others = TYPES.filter((t) => t !== type).map((t, n) => factOf(example(t), n));
        const changes = [emptyRelationship(), foldFacts(others)].some((start) => {
          const after = structuredClone(start);
          applyFact(after, factOf(example(type as ExampleFactType, { occurredOn: '2030-01-01' }), 1000));
          return memberJson(after, member) !== memberJson(start, member);
        });
        expect({ member, type, changes }).toEqual({ member, type, changes: true });
      }
    }
  });

  test('kept members do not depend on the date', () => {
    for (const member of KEPT_MEMBERS) {
      expect(memberJson(RICH, member, '1900-01-01')).toBe(memberJson(RICH, member, '2100-01-01'));
    }
  });

  test('a version of a fact of every type is the text JSON.stringify gives of renderBody of the fold', () => {
    const facts = TYPES.map((type, n) => factOf(example(type), n));
    for (const v of renderVersions(facts, '0000-01-01').versions) {
      const fold = foldFacts(facts.filter((f) => f.period.start <= v.validFrom));
      expect(v.body).toBe(JSON.stringify(renderBody(fold, v.validFrom)));
    }
  });
});
