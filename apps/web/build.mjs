// Builds the timeline page into dist/web: the page's TypeScript (tsc, as the rest of the project), its
// static files, and the vendored vis-timeline standalone build with its licence — served by the API at /,
// nothing fetched from a CDN.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'dist', 'web');
const require = createRequire(import.meta.url);

rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')],
  {
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

cpSync(join(here, 'public'), out, { recursive: true });
const vis = dirname(require.resolve('vis-timeline/package.json'));
const vendor = join(out, 'vendor');
mkdirSync(vendor, { recursive: true });
for (const [from, to] of [
  ['standalone/umd/vis-timeline-graph2d.min.js', 'vis-timeline-graph2d.min.js'],
  ['styles/vis-timeline-graph2d.min.css', 'vis-timeline-graph2d.min.css'],
  ['LICENSE.MIT.txt', 'vis-timeline.LICENSE.MIT.txt'],
]) {
  cpSync(join(vis, from), join(vendor, to));
}
console.log(`the page: ${out}`);
