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

  test('a chunk that no thread has started is parsed by the thread that asks for help; each chunk once, in order', async () => {
    const parser = WorkerLineParser.start(1);
    try {
      const started = Date.now();
      while ((parser as any).ready.length === 0 && Date.now() - started < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const chunks = Array.from({ length: 20 }, (_, i) => [good, good.replace('words', `words ${i}`)]);
      const pending = chunks.map((chunk) => parser.parse(chunk));
      let helped = 0;
      while (parser.help()) helped++;

      expect(helped).toBeGreaterThan(0);
      expect(await Promise.all(pending)).toEqual(chunks.map(parseLines));
    } finally {
      await parser.close();
    }
  }, 30_000);
});
