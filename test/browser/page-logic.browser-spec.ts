import type { StateView, TimelineItem } from '../../apps/web/src/api';
import { bandChangeDays, bandSegments, uncertainSpans } from '../../apps/web/src/bands';
import { CountryIndex } from '../../apps/web/src/countries';
import { addDays, dayFromNumber, dayNumber, dayToChart, chartToDay } from '../../apps/web/src/dates';
import { describeEvent, kindOf } from '../../apps/web/src/event-text';
import { correctionsAfter, recordMoments } from '../../apps/web/src/known-at';

/** The page's logic, without a browser: what it draws and offers is derived from the API's JSON like this. */

const names: Record<string, string> = { AZ: 'Azerbaijan', CN: 'China', US: 'United States' };
const nameOf = (code: string) => names[code] ?? code;

function item(overrides: Partial<TimelineItem> & Pick<TimelineItem, 'eventId' | 'type'>): TimelineItem {
  const occurredOn = overrides.occurredOn ?? '2024-07-03';
  return {
    actors: ['AZ', 'CN'],
    occurredOn,
    data: {},
    sources: [{ publisher: 'Test' }],
    period: { start: occurredOn, end: occurredOn, precision: 'day' },
    recordedAt: '2026-01-01T00:00:00.000Z',
    recordedBy: 'demo',
    revision: 0,
    position: '1',
    corrections: [],
    retraction: null,
    ...overrides,
  };
}

function state(overrides: Partial<StateView>): StateView {
  return {
    actors: ['AZ', 'CN'],
    at: '2024-07-04',
    knownAt: '2026-01-01T00:00:00.000Z',
    relations: { status: 'none' },
    partnership: null,
    representation: {},
    agreements: { inForce: [], signed: [] },
    visaPolicies: [],
    positions: [],
    sanctions: [],
    visits: { last: null, upcoming: [], total: 0 },
    meetings: { last: null, total: 0 },
    recognition: [],
    expulsions: { last: null, total: 0 },
    uncertain: [],
    anomalies: [],
    eventCount: 1,
    revision: 0,
    position: '1',
    ...overrides,
  };
}

describe('bands: the state on each day where relations, partnership or a mission may change', () => {
  const established = item({
    eventId: 'e1',
    type: 'DiplomaticRelationsEstablished',
    occurredOn: '1992',
    period: { start: '1992-01-01', end: '1992-12-31', precision: 'year' },
  });
  const strategic = item({ eventId: 'e2', type: 'PartnershipDeclared', occurredOn: '2024-07-03' });
  const statement = item({ eventId: 'e3', type: 'StatementIssued', occurredOn: '2025-04-18' });
  const retracted = item({
    eventId: 'e4',
    type: 'PartnershipDeclared',
    occurredOn: '2020-01-01',
    retraction: { eventId: 'r', recordedAt: '2026-01-02T00:00:00.000Z', recordedBy: 'demo', reason: 'wrong' },
  });

  test('the change days are the starts of the facts that set a band; statements and retracted facts set none', () => {
    expect(bandChangeDays([statement, strategic, retracted, established])).toEqual([
      '1992-01-01',
      '2024-07-03',
    ]);
  });

  test('a fact of reduced precision sets its band on some day of its period: that period is marked uncertain', () => {
    expect(uncertainSpans([established, strategic, statement])).toEqual([
      { band: 'relations', start: '1992-01-01', last: '1992-12-31', occurredOn: '1992' },
    ]);
  });

  test('each value lasts from the day the API first answers it until it changes, the last one until today', () => {
    const relations = { status: 'established' as const, since: '1992-04-02', eventId: 'e1' };
    const partnership = (level: string, rank: number) => ({ level, rank, since: '', eventId: '' });
    const { bands, segments } = bandSegments(
      [
        { day: '1992-04-02', state: state({ relations }) },
        {
          day: '2024-07-03',
          state: state({ relations, partnership: partnership('strategic partnership', 3) }),
        },
        {
          day: '2025-04-23',
          state: state({ relations, partnership: partnership('comprehensive strategic partnership', 4) }),
        },
      ],
      '2026-11-28',
      nameOf,
    );
    expect(bands).toEqual([
      { id: 'relations', label: 'Relations status' },
      { id: 'partnership', label: 'Partnership level' },
    ]);
    expect(segments.map(({ band, start, until, label }) => [band, start, until, label])).toEqual([
      ['relations', '1992-04-02', '2026-11-28', 'relations established'],
      ['partnership', '2024-07-03', '2025-04-23', 'strategic partnership'],
      ['partnership', '2025-04-23', '2026-11-28', 'comprehensive strategic partnership'],
    ]);
  });

  test("each side's mission is a band of its own, named for the sender", () => {
    const mission = (m: string, resident = true) => ({ mission: m, resident, since: '', eventId: '' });
    const { bands, segments } = bandSegments(
      [
        { day: '1844-08-19', state: state({ representation: { US: mission('consulate') } }) },
        { day: '1949-10-01', state: state({ representation: { US: mission('none', false) } }) },
      ],
      '1979-03-01',
      nameOf,
    );
    expect(bands).toEqual([{ id: 'mission-US', label: 'Mission of United States' }]);
    expect(segments.map((s) => [s.start, s.until, s.label])).toEqual([
      ['1844-08-19', '1949-10-01', 'consulate'],
      ['1949-10-01', '1979-03-01', 'no mission'],
    ]);
  });
});

describe('bands of schema version 2: implied relations, heads of mission, recognition', () => {
  test('relations implied by a resident mission are marked as implied on their band', () => {
    const implied = {
      status: 'established' as const,
      since: '1993-03',
      eventId: 'e1',
      basis: 'representation' as const,
    };
    const recorded = { status: 'established' as const, since: '1995-01-01', eventId: 'e2' };
    const { segments } = bandSegments(
      [
        { day: '1993-03-01', state: state({ relations: implied }) },
        { day: '1995-01-01', state: state({ relations: recorded }) },
      ],
      '2000-01-01',
      nameOf,
    );
    expect(segments.map((s) => [s.start, s.label, s.className])).toEqual([
      [
        '1993-03-01',
        'relations established (implied by a resident mission)',
        'band band-relations-established band-implied',
      ],
      ['1995-01-01', 'relations established', 'band band-relations-established'],
    ]);
  });

  test('a recall leaves the mission band headed ad interim; recognition is a band per recognising state', () => {
    const embassy = {
      mission: 'embassy',
      resident: true,
      headOfMission: 'ambassador',
      since: '',
      eventId: '',
    };
    const recalled = {
      ...embassy,
      adInterim: true as const,
      headLeft: {
        how: 'recalled' as const,
        on: '2025-05-02',
        eventId: 'e3',
        forConsultations: true as const,
      },
    };
    const recognition = [{ by: 'CN', of: 'AZ', kind: 'de-jure', since: '1991-12-27', eventId: 'e4' }];
    const { bands, segments } = bandSegments(
      [
        { day: '1991-12-27', state: state({ representation: { CN: embassy }, recognition }) },
        { day: '2025-05-02', state: state({ representation: { CN: recalled }, recognition }) },
      ],
      '2026-01-01',
      nameOf,
    );
    expect(bands).toEqual([
      { id: 'mission-CN', label: 'Mission of China' },
      { id: 'recognition-CN', label: 'Recognition by China' },
    ]);
    expect(segments.map((s) => [s.band, s.start, s.until, s.label])).toEqual([
      ['mission-CN', '1991-12-27', '2025-05-02', 'embassy, ambassador'],
      ['recognition-CN', '1991-12-27', '2026-01-01', 'recognises AZ (de jure)'],
      [
        'mission-CN',
        '2025-05-02',
        '2026-01-01',
        "embassy, ambassador recalled for consultations 2025-05-02: chargé d'affaires ad interim",
      ],
    ]);
  });

  test('recalls, expulsions of a head of mission and recognition are change days of their bands', () => {
    const recall = item({
      eventId: 'r',
      type: 'AmbassadorRecalled',
      occurredOn: '2025-05-02',
      data: { sender: 'CN' },
    });
    const expelled = item({
      eventId: 'x',
      type: 'DiplomatsExpelled',
      occurredOn: '2025-06-01',
      data: { by: 'AZ', includesHeadOfMission: true },
    });
    const fewExpelled = item({
      eventId: 'y',
      type: 'DiplomatsExpelled',
      occurredOn: '2025-07-01',
      data: { by: 'AZ' },
    });
    const recognised = item({
      eventId: 'g',
      type: 'RecognitionGranted',
      occurredOn: '1992',
      period: { start: '1992-01-01', end: '1992-12-31', precision: 'year' },
      data: { by: 'CN', of: 'AZ', kind: 'de-jure' },
    });
    expect(bandChangeDays([recall, expelled, fewExpelled, recognised])).toEqual([
      '1992-01-01',
      '2025-05-02',
      '2025-06-01',
    ]);
    expect(uncertainSpans([recognised])).toEqual([
      { band: 'recognition-CN', start: '1992-01-01', last: '1992-12-31', occurredOn: '1992' },
    ]);
  });

  test('the new events in a few words', () => {
    const say = (type: string, data: Record<string, unknown>) => describeEvent({ type, data }, nameOf);
    expect(say('AmbassadorRecalled', { sender: 'CN', forConsultations: true })).toBe(
      'China recalls its head of mission for consultations',
    );
    expect(say('DiplomatsExpelled', { by: 'AZ', count: 2, includesHeadOfMission: true })).toBe(
      'Azerbaijan expels 2 diplomats (persona non grata), the head of mission among them',
    );
    expect(say('RecognitionGranted', { by: 'CN', of: 'AZ', kind: 'de-facto' })).toBe(
      'China recognises Azerbaijan (de facto)',
    );
    expect(say('RecognitionWithdrawn', { by: 'CN', of: 'AZ', kind: 'de-jure' })).toBe(
      'China withdraws its recognition of Azerbaijan (de jure)',
    );
    expect(kindOf('AmbassadorRecalled')).toBe('missions');
    expect(kindOf('DiplomatsExpelled')).toBe('missions');
    expect(kindOf('RecognitionWithdrawn')).toBe('recognition');
  });
});

describe('"known at": the moments when the record changed', () => {
  const relations = item({
    eventId: 'e1',
    type: 'DiplomaticRelationsEstablished',
    occurredOn: '1992-04-02',
    data: { level: 'embassy' },
    recordedAt: '2026-01-01T10:00:00.000Z',
    original: { occurredOn: '1992', data: { level: 'embassy' }, sources: [] },
    corrections: [
      {
        eventId: 'c1',
        recordedAt: '2026-01-01T10:00:05.000Z',
        recordedBy: 'demo',
        reason: 'the communiqué is dated 2 April 1992',
        changes: { occurredOn: '1992-04-02' },
      },
    ],
  });
  const strategic = item({
    eventId: 'e2',
    type: 'PartnershipDeclared',
    data: { level: 'strategic partnership' },
    recordedAt: '2026-01-01T10:00:01.000Z',
  });

  test('one choice per write, newest first: facts recorded with their first date, corrections with the change', () => {
    expect(recordMoments([relations, strategic], nameOf)).toEqual([
      {
        at: '2026-01-01T10:00:05.000Z',
        label: 'corrected “Relations established (embassy)”: 1992 → 1992-04-02',
      },
      { at: '2026-01-01T10:00:01.000Z', label: 'recorded “Strategic partnership” (2024-07-03)' },
      { at: '2026-01-01T10:00:00.000Z', label: 'recorded “Relations established (embassy)” (1992)' },
    ]);
  });

  test('writes at the same instant (an import) are one choice', () => {
    const batch = [strategic, { ...relations, corrections: [], recordedAt: strategic.recordedAt }];
    expect(recordMoments(batch, nameOf)).toEqual([
      { at: strategic.recordedAt, label: 'recorded “Strategic partnership” (2024-07-03) and 1 more' },
    ]);
  });

  test('a fact read as of an earlier moment is marked with the corrections recorded after it', () => {
    expect(correctionsAfter(relations, '2026-01-01T10:00:01.000Z').map((c) => c.eventId)).toEqual(['c1']);
    expect(correctionsAfter(relations, '2026-01-01T10:00:05.000Z')).toEqual([]);
    expect(correctionsAfter(relations, undefined)).toEqual([]);
  });
});

describe('the state pickers', () => {
  const index = new CountryIndex([
    { code: 'AZ', name: 'Azerbaijan', aliases: [], former: false, relationships: 2 },
    { code: 'CN', name: "People's Republic of China", aliases: ['China'], former: false, relationships: 2 },
    { code: 'TW', name: 'Taiwan, Province of China', aliases: ['Taiwan'], former: false, relationships: 0 },
    { code: 'SUHH', name: 'USSR', aliases: [], former: true, relationships: 1 },
    {
      code: 'US',
      name: 'United States of America',
      aliases: ['United States', 'US'],
      former: false,
      relationships: 197,
    },
  ]);

  test.each([
    ['Azerbaijan (AZ)', 'AZ'],
    ['az', 'AZ'],
    ['azerbaijan', 'AZ'],
    ['China', 'CN'],
    ["People's Republic of China", 'CN'],
    ['Taiwan', 'TW'],
    ['suhh', 'SUHH'],
    ['USSR', 'SUHH'],
    ['United States', 'US'],
    ['Atlantis', undefined],
    ['', undefined],
  ])('"%s" names %s', (typed, code) => {
    expect(index.parse(typed)).toBe(code);
  });

  test('offer back what they understand, and list the most recorded states first on the first screen', () => {
    expect(index.label('CN')).toBe("People's Republic of China (CN)");
    expect(index.parse(index.label('CN'))).toBe('CN');
    expect(index.mostRecorded(2).map((c) => c.code)).toEqual(['US', 'AZ']);
  });
});

describe('words and dates on the chart', () => {
  test('events are grouped by kind and said in a few words, states by name', () => {
    const visa = item({
      eventId: 'v',
      type: 'VisaPolicyChanged',
      data: { grantedBy: 'AZ', beneficiary: 'CN', regime: 'visa-free' },
    });
    expect([kindOf(visa.type), describeEvent(visa, nameOf)]).toEqual([
      'visas',
      'visa-free for China citizens in Azerbaijan',
    ]);
    const mission = item({
      eventId: 'm',
      type: 'RepresentationChanged',
      data: { sender: 'US', mission: 'embassy', resident: false },
    });
    expect([kindOf(mission.type), describeEvent(mission, nameOf)]).toEqual([
      'missions',
      'United States: embassy (non-resident)',
    ]);
  });

  test('a calendar day is placed at its local midnight and read back as the same day, in any year', () => {
    for (const day of ['1816-02-29', '1992-04-02', '2024-07-03', '0999-12-31']) {
      expect(chartToDay(dayToChart(day))).toBe(day);
    }
    expect(dayFromNumber(dayNumber('2024-07-03'))).toBe('2024-07-03');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});
