import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DOC_LINE_MAX } from '../bench/support/table';

const ROOT = join(__dirname, '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe(`docs/: no line over ${DOC_LINE_MAX} characters`, () => {
  test.each(markdownFiles(join(ROOT, 'docs')).map((path) => relative(ROOT, path)))('%s', (path) => {
    const long = readFileSync(join(ROOT, path), 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        [...line].length > DOC_LINE_MAX ? [`line ${i + 1}: ${[...line].length} characters`] : [],
      );
    expect(long).toEqual([]);
  });
});
