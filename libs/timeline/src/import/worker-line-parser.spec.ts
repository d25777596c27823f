import { parseLines } from './parse-lines';
import { WorkerLineParser } from './worker-line-parser';

const good = JSON.stringify({
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'StatementIssued',
  actors: ['az', 'CN'],
  occurredOn: '2020',
  data: { by: 'AZ', summary: 'words' },
  sources: [{ publisher: 'test' }],
});

describe('parsing import lines on worker threads', () => {
  test('gives, chunk by chunk and in order, what parsing in this thread gives: lines normalised, refusals with their reasons', async () => {
    const chunks = [
      [good, '{"type": "broken json'],
      ['{"__proto__": {}}', good.replace('"CN"', '"QQ"')],
      [good],
    ];
    const parser = WorkerLineParser.start(2);
    try {
      const parsed = await Promise.all(chunks.map((chunk) => parser.parse(chunk)));
      expect(parsed).toEqual(chunks.map(parseLines));
      expect(parsed[0][0]).toMatchObject({ line: { payload: { actors: ['AZ', 'CN'] } } });
      expect(parsed[1][1]).toMatchObject({
        refused: { reason: expect.stringContaining('unknown country code') },
      });
    } finally {
      await parser.close();
    }
  }, 30_000);
});
