import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of the project's package.json, found from this file (source or build alike). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project folder (no package.json above the CLI)');
    dir = parent;
  }
  return dir;
}
