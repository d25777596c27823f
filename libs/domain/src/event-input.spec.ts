import { example, ExampleFactType, exampleFacts } from '../../../test/fixtures/example-facts';
import { FACT_TYPES } from './catalogue/catalogue';
import { FieldError, InvalidInputError } from './errors';
import { parseCorrectionInput, parseFactInput, parseRetractionInput } from './event-input';
import { SERVICE_FIELDS } from './recorded-event';

/** The example of `type` with some of its data fields replaced (the rest kept). */
function exampleWithData(type: ExampleFactType, data: Record<string, unknown>): Record<string, unknown> {
  const body = example(type);
  return { ...body, data: { ...(body.data as Record<string, unknown>), ...data } };
}

/** The field errors that parsing `plain` reports; fails the test if it is accepted. */
function errorsOf(parse: (plain: unknown) => unknown, plain: unknown): FieldError[] {
  try {
    parse(plain);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).errors;
  }
  throw new Error(`expected ${JSON.stringify(plain)} to be refused`);
}

const factErrors = (plain: unknown) => errorsOf(parseFactInput, plain);
const correctionErrors = (plain: unknown) => errorsOf(parseCorrectionInput, plain);
const retractionErrors = (plain: unknown) => errorsOf(parseRetractionInput, plain);

describe('parseFactInput: a fact as a client sends it (docs/domain.md)', () => {
  describe('every fact type of the catalogue has a valid example', () => {
    test('the examples cover exactly the 21 fact types', () => {
      expect(Object.keys(exampleFacts).sort()).toEqual([...FACT_TYPES].sort());
      expect(FACT_TYPES).toHaveLength(21);
    });

    test.each(FACT_TYPES as ExampleFactType[])('%s parses as it was sent', (type) => {
      const body = example(type);
      const parsed = parseFactInput(body);

      expect(parsed.type).toBe(type);
      expect(parsed.eventId).toBeUndefined();
      expect(parsed.payload.actors).toEqual(['AZ', 'CN']);
      expect(parsed.payload.occurredOn).toBe(body.occurredOn);
      const expectedData =
        type === 'RepresentationChanged' ? { ...(body.data as object), resident: true } : body.data;
      expect(parsed.payload.data).toEqual(expectedData);
      expect(parsed.payload.sources).toEqual(body.sources);
      expect(parsed.payload.note).toEqual(body.note);
    });
  });

  describe('normalisation', () => {
    test('lower-case actor codes are upper-cased', () => {
      const parsed = parseFactInput(example('PartnershipDeclared', { actors: ['az', 'cn'] }));
      expect(parsed.payload.actors).toEqual(['AZ', 'CN']);
    });

    test('the order of the actors is kept as sent (the relationship sorts them, not the event)', () => {
      const parsed = parseFactInput(example('PartnershipDeclared', { actors: ['cn', 'az'] }));
      expect(parsed.payload.actors).toEqual(['CN', 'AZ']);
    });

    test('a lower-case actor field in data is upper-cased (sender)', () => {
      const parsed = parseFactInput(exampleWithData('RepresentationChanged', { sender: 'cn' }));
      expect(parsed.payload.data.sender).toBe('CN');
    });

    test('actor fields of VisaPolicyChanged are upper-cased (grantedBy, beneficiary)', () => {
      const parsed = parseFactInput(
        exampleWithData('VisaPolicyChanged', { grantedBy: 'az', beneficiary: 'cn' }),
      );
      expect(parsed.payload.data).toMatchObject({ grantedBy: 'AZ', beneficiary: 'CN' });
    });

    test('actor fields inside a list are upper-cased (participants[].actor)', () => {
      const parsed = parseFactInput(
        exampleWithData('MeetingHeld', {
          participants: [
            { name: 'Ilham Aliyev', title: 'President of Azerbaijan', actor: 'az' },
            { name: 'Xi Jinping', title: 'President of the PRC', actor: 'cn' },
          ],
        }),
      );
      expect((parsed.payload.data.participants as { actor: string }[]).map((p) => p.actor)).toEqual([
        'AZ',
        'CN',
      ]);
    });

    test('RepresentationChanged is resident unless stated otherwise', () => {
      expect(parseFactInput(example('RepresentationChanged')).payload.data.resident).toBe(true);
      const nonResident = parseFactInput(exampleWithData('RepresentationChanged', { resident: false }));
      expect(nonResident.payload.data.resident).toBe(false);
    });

    test('a client-supplied eventId is kept, in lower case', () => {
      const parsed = parseFactInput(
        example('PartnershipDeclared', { eventId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' }),
      );
      expect(parsed.eventId).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    });

    test('optional data fields that were not sent stay absent', () => {
      const parsed = parseFactInput(example('PositionStated'));
      expect(Object.keys(parsed.payload.data).sort()).toEqual(['by', 'stance', 'topic']);
    });
  });

  describe('refusals name each bad field with a rule', () => {
    test('a body that is not a JSON object', () => {
      for (const body of [null, [], 'text', 42]) {
        expect(factErrors(body)).toEqual([
          { field: '(body)', rule: 'isObject', message: expect.any(String) },
        ]);
      }
    });

    test('an unknown type', () => {
      const errors = factErrors(example('PartnershipDeclared', { type: 'TreatyRatified' }));
      expect(errors).toEqual([
        { field: 'type', rule: 'isIn', message: expect.stringContaining('AgreementSigned') },
      ]);
    });

    test.each(['EventCorrected', 'EventRetracted'])(
      'an amendment type (%s) is not a fact: it has its own endpoint',
      (type) => {
        const errors = factErrors(example('PartnershipDeclared', { type }));
        expect(errors).toContainEqual(expect.objectContaining({ field: 'type', rule: 'isIn' }));
        expect(errors[0].message).not.toContain(type);
      },
    );

    test.each(['type', 'actors', 'occurredOn', 'sources'])('a missing %s is required', (field) => {
      const body = example('PartnershipDeclared');
      delete body[field];
      expect(factErrors(body)).toEqual([{ field, rule: 'required', message: 'is required' }]);
    });

    test('a missing data field is required, named by its path', () => {
      const body = example('AgreementSigned');
      delete (body.data as Record<string, unknown>).title;
      expect(factErrors(body)).toEqual([{ field: 'data.title', rule: 'required', message: 'is required' }]);
    });

    test('a type whose data has required fields refuses a missing data object', () => {
      const body = example('SanctionsImposed');
      delete body.data;
      expect(factErrors(body).map((e) => [e.field, e.rule])).toEqual([
        ['data.sanctionsId', 'required'],
        ['data.by', 'required'],
        ['data.scope', 'required'],
      ]);
    });

    test.each([
      ['occurredOn', example('PartnershipDeclared', { occurredOn: 20240703 }), 'isPartialDate'],
      ['actors', example('PartnershipDeclared', { actors: 'AZ-CN' }), 'isArray'],
      ['data', example('PartnershipDeclared', { data: ['strategic partnership'] }), 'isObject'],
      ['data.maxStayDays', exampleWithData('VisaPolicyChanged', { maxStayDays: '30' }), 'isInt'],
      ['data.resident', exampleWithData('RepresentationChanged', { resident: 'yes' }), 'isBoolean'],
      ['data.level', exampleWithData('PartnershipDeclared', { level: 3 }), 'isString'],
      ['data.mission', exampleWithData('RepresentationChanged', { mission: 'palace' }), 'isIn'],
      ['data.agreementId', exampleWithData('AgreementSigned', { agreementId: 'Visa Agreement' }), 'matches'],
      ['data.visitor', exampleWithData('VisitAnnounced', { visitor: 'Ilham Aliyev' }), 'isObject'],
      ['note', example('PartnershipDeclared', { note: { text: 'x' } }), 'isString'],
    ])('a value of the wrong type: %s', (field, body, rule) => {
      expect(factErrors(body)).toContainEqual(expect.objectContaining({ field, rule }));
    });

    test('one object where one is expected, not a list of them (data.visitor)', () => {
      const errors = factErrors(
        exampleWithData('VisitAnnounced', { visitor: [{ name: 'Ilham Aliyev', title: 'President' }] }),
      );
      expect(errors).toContainEqual(expect.objectContaining({ field: 'data.visitor', rule: 'isObject' }));
    });

    test('an unknown top-level field', () => {
      expect(factErrors(example('PartnershipDeclared', { confidence: 'high' }))).toEqual([
        { field: 'confidence', rule: 'unknownField', message: expect.any(String) },
      ]);
    });

    test('an unknown data field is named data.<field>', () => {
      expect(factErrors(exampleWithData('PartnershipDeclared', { x: 1 }))).toEqual([
        { field: 'data.x', rule: 'unknownField', message: expect.any(String) },
      ]);
    });

    test('an unknown data field of a type without data fields (DiplomaticRelationsRestored)', () => {
      expect(factErrors(example('DiplomaticRelationsRestored', { data: { x: 1 } }))).toEqual([
        { field: 'data.x', rule: 'unknownField', message: expect.any(String) },
      ]);
    });

    test('an unknown field inside a nested object or a list item', () => {
      const nested = factErrors(
        exampleWithData('VisitAnnounced', { visitor: { name: 'Ilham Aliyev', title: 'President', age: 63 } }),
      );
      expect(nested).toEqual([
        { field: 'data.visitor.age', rule: 'unknownField', message: expect.any(String) },
      ]);
      const inSource = factErrors(
        example('PartnershipDeclared', { sources: [{ publisher: 'p', rating: 5 }] }),
      );
      expect(inSource).toEqual([
        { field: 'sources[0].rating', rule: 'unknownField', message: expect.any(String) },
      ]);
    });

    test('an unknown country code in actors: the message names it', () => {
      const errors = factErrors(example('PartnershipDeclared', { actors: ['AZ', 'qq'] }));
      expect(errors).toEqual([
        { field: 'actors', rule: 'isActor', message: expect.stringContaining('"QQ"') },
      ]);
    });

    test('an unknown country code in a data actor field: the message names it', () => {
      const errors = factErrors(exampleWithData('RepresentationChanged', { sender: 'ZZ' }));
      expect(errors).toEqual([
        { field: 'data.sender', rule: 'isActor', message: expect.stringContaining('"ZZ"') },
      ]);
    });

    test('an alpha-3 code is not accepted for an alpha-2 one', () => {
      const errors = factErrors(example('PartnershipDeclared', { actors: ['AZE', 'CHN'] }));
      expect(errors).toEqual([
        { field: 'actors', rule: 'isActor', message: expect.stringMatching(/"AZE".*"CHN"/) },
      ]);
    });

    test('former states and XK are accepted as actors', () => {
      expect(
        parseFactInput(example('DiplomaticRelationsEstablished', { actors: ['suhh', 'us'] })).payload.actors,
      ).toEqual(['SUHH', 'US']);
      expect(
        parseFactInput(example('DiplomaticRelationsEstablished', { actors: ['XK', 'AL'] })).payload.actors,
      ).toEqual(['XK', 'AL']);
    });

    test('the same actor twice, whatever the case', () => {
      expect(factErrors(example('PartnershipDeclared', { actors: ['AZ', 'az'] }))).toEqual([
        { field: 'actors', rule: 'distinctActors', message: expect.any(String) },
      ]);
    });

    test.each([[['AZ']], [['AZ', 'CN', 'RU']], [[]]])('actors must be exactly two: %j', (actors) => {
      const errors = factErrors(example('PartnershipDeclared', { actors }));
      expect(errors.every((e) => e.field === 'actors')).toBe(true);
      expect(errors.map((e) => e.rule)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^array(Min|Max)Size$/)]),
      );
    });

    test.each([
      'July 2024',
      '3 July 2024',
      '2024-02-30',
      '2023-02-29',
      '1992?',
      '2024-07-03T10:00:00',
      '2024/1992',
    ])('a free-text or impossible occurredOn: %j', (occurredOn) => {
      expect(factErrors(example('PartnershipDeclared', { occurredOn }))).toEqual([
        { field: 'occurredOn', rule: 'isPartialDate', message: expect.stringContaining('EDTF') },
      ]);
    });

    test('impossible dates are refused wherever a date is expected', () => {
      expect(factErrors(exampleWithData('VisitAnnounced', { plannedFor: 'next spring' }))).toEqual([
        { field: 'data.plannedFor', rule: 'isPartialDate', message: expect.any(String) },
      ]);
      expect(
        factErrors(example('PartnershipDeclared', { sources: [{ publisher: 'p', publishedOn: '2024-13' }] })),
      ).toEqual([{ field: 'sources[0].publishedOn', rule: 'isPartialDate', message: expect.any(String) }]);
    });

    test('recordedAt, hash and revision are set by the service', () => {
      const errors = factErrors(
        example('PartnershipDeclared', { recordedAt: '2024-07-03T00:00:00.000Z', hash: 'abc', revision: 3 }),
      );
      expect(errors.map((e) => [e.field, e.rule]).sort()).toEqual([
        ['hash', 'serviceSet'],
        ['recordedAt', 'serviceSet'],
        ['revision', 'serviceSet'],
      ]);
    });

    test.each([...SERVICE_FIELDS])('%s is a service-only field', (field) => {
      expect(factErrors(example('PartnershipDeclared', { [field]: 'x' }))).toEqual([
        { field, rule: 'serviceSet', message: expect.any(String) },
      ]);
    });

    test('at least one source', () => {
      expect(factErrors(example('PartnershipDeclared', { sources: [] }))).toEqual([
        { field: 'sources', rule: 'arrayMinSize', message: expect.any(String) },
      ]);
    });

    test('a source without a publisher, or with a url that is not http(s)', () => {
      const errors = factErrors(
        example('PartnershipDeclared', {
          sources: [{ title: 'no publisher' }, { publisher: 'p', url: 'ftp://example.org/x' }],
        }),
      );
      expect(errors).toEqual([
        { field: 'sources[0].publisher', rule: 'required', message: 'is required' },
        { field: 'sources[1].url', rule: 'isUrl', message: expect.any(String) },
      ]);
    });

    test('a nested path: sources[0].url', () => {
      expect(
        factErrors(example('PartnershipDeclared', { sources: [{ publisher: 'p', url: 'not a url' }] })),
      ).toEqual([{ field: 'sources[0].url', rule: 'isUrl', message: expect.any(String) }]);
    });

    test('a nested path: data.visitor.name', () => {
      expect(factErrors(exampleWithData('VisitAnnounced', { visitor: { title: 'President' } }))).toEqual([
        { field: 'data.visitor.name', rule: 'required', message: 'is required' },
      ]);
    });

    test('a nested path: data.participants[1].actor', () => {
      const errors = factErrors(
        exampleWithData('MeetingHeld', {
          participants: [
            { name: 'Ilham Aliyev', title: 'President of Azerbaijan', actor: 'AZ' },
            { name: 'Nobody', title: 'None', actor: 'QQ' },
          ],
        }),
      );
      expect(errors).toEqual([
        { field: 'data.participants[1].actor', rule: 'isActor', message: expect.stringContaining('"QQ"') },
      ]);
    });

    test('several errors at once are all reported', () => {
      const body = {
        ...exampleWithData('VisitAnnounced', { guest: 'QQ', visitor: { title: 'President' }, colour: 'red' }),
        actors: ['AZ', 'AZ'],
        occurredOn: 'July 2024',
        sources: [],
        hash: 'abc',
        extra: true,
      };
      const fields = factErrors(body).map((e) => `${e.field}:${e.rule}`);
      expect(fields.sort()).toEqual(
        [
          'hash:serviceSet',
          'extra:unknownField',
          'occurredOn:isPartialDate',
          'sources:arrayMinSize',
          'actors:distinctActors',
          'data.colour:unknownField',
          'data.guest:isActor',
          'data.visitor.name:required',
        ].sort(),
      );
    });

    test('the error message lists every field with its message', () => {
      try {
        parseFactInput(example('PartnershipDeclared', { occurredOn: 'soon', sources: [] }));
        throw new Error('accepted');
      } catch (error) {
        expect((error as Error).message).toMatch(/occurredOn: .*; sources: /);
      }
    });
  });
});

describe('parseFactInput: the actors named in data, found while validating it', () => {
  test('each actor field of data is returned with its path, for decide to check against the pair', () => {
    const parsed = parseFactInput(example('VisaPolicyChanged'));
    const body = example('VisaPolicyChanged').data as { grantedBy: string; beneficiary: string };
    expect([...parsed.dataActors].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'data.beneficiary', code: body.beneficiary },
      { field: 'data.grantedBy', code: body.grantedBy },
    ]);
  });
});

describe('parseCorrectionInput: {changes, reason, sources?}', () => {
  test('a valid correction is returned normalised', () => {
    const body = parseCorrectionInput({
      changes: { occurredOn: '2024-07-04', data: { venue: 'Astana' } },
      reason: 'the declaration was signed the day after',
      sources: [{ publisher: 'AZERTAC', url: 'https://azertag.az/' }],
    });
    expect(body).toEqual({
      changes: { occurredOn: '2024-07-04', data: { venue: 'Astana' } },
      reason: 'the declaration was signed the day after',
      sources: [{ publisher: 'AZERTAC', url: 'https://azertag.az/' }],
    });
  });

  test('empty changes are refused', () => {
    expect(correctionErrors({ changes: {}, reason: 'nothing' })).toEqual([
      { field: 'changes', rule: 'notEmpty', message: expect.any(String) },
    ]);
  });

  test('changes must be one object, not a list', () => {
    expect(correctionErrors({ changes: [], reason: 'nothing' })).toContainEqual(
      expect.objectContaining({ field: 'changes', rule: 'isObject' }),
    );
  });

  test('missing changes are required', () => {
    expect(correctionErrors({ reason: 'why' })).toEqual([
      { field: 'changes', rule: 'required', message: 'is required' },
    ]);
  });

  test('a reason is required', () => {
    expect(correctionErrors({ changes: { occurredOn: '2024' } })).toEqual([
      { field: 'reason', rule: 'required', message: 'is required' },
    ]);
  });

  test.each(['', '   '])('a blank reason (%j) is refused', (reason) => {
    expect(correctionErrors({ changes: { occurredOn: '2024' }, reason })).toEqual([
      { field: 'reason', rule: 'isNotEmpty', message: expect.any(String) },
    ]);
  });

  test('changes are checked: a corrected occurredOn must be a date, corrected sources at least one', () => {
    expect(correctionErrors({ changes: { occurredOn: 'July 2024' }, reason: 'r' })).toEqual([
      { field: 'changes.occurredOn', rule: 'isPartialDate', message: expect.any(String) },
    ]);
    expect(correctionErrors({ changes: { sources: [] }, reason: 'r' })).toEqual([
      { field: 'changes.sources', rule: 'arrayMinSize', message: expect.any(String) },
    ]);
    expect(correctionErrors({ changes: { sources: [{ url: 'https://x.org' }] }, reason: 'r' })).toEqual([
      { field: 'changes.sources[0].publisher', rule: 'required', message: 'is required' },
    ]);
  });

  test('unknown fields are refused, in the body and in changes', () => {
    const errors = correctionErrors({ changes: { actors: ['AZ', 'RU'] }, reason: 'r', recordedAt: 'x' });
    expect(errors.map((e) => `${e.field}:${e.rule}`).sort()).toEqual([
      'changes.actors:unknownField',
      'recordedAt:unknownField',
    ]);
  });
});

describe('parseRetractionInput: {reason, sources?}', () => {
  test('a valid retraction', () => {
    expect(parseRetractionInput({ reason: 'recorded twice' })).toEqual({ reason: 'recorded twice' });
  });

  test('a reason is required', () => {
    expect(retractionErrors({})).toEqual([{ field: 'reason', rule: 'required', message: 'is required' }]);
  });

  test('a blank reason is refused', () => {
    expect(retractionErrors({ reason: ' ' })).toEqual([
      { field: 'reason', rule: 'isNotEmpty', message: expect.any(String) },
    ]);
  });

  test('a reason that is not text, and an unknown field', () => {
    const errors = retractionErrors({ reason: 42, targetEventId: 'x' });
    expect(errors.map((e) => `${e.field}:${e.rule}`)).toEqual(
      expect.arrayContaining(['reason:isString', 'targetEventId:unknownField']),
    );
  });
});
