import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { withTempDir } from './temp-dir';

/**
 * The disk's floor for a durable commit: 4 KiB written then fdatasync'd, `count` times, in the temp
 * dir the benches use. A WAL commit with synchronous=FULL costs at least one of these.
 */
export async function fdatasyncPerSecond(count: number): Promise<number> {
  return withTempDir('bench-fsync', (dir) => {
    const fd = openSync(join(dir, 'probe'), 'w');
    const block = Buffer.alloc(4096, 0x61);
    try {
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) {
        writeSync(fd, block, 0, block.length, i * block.length);
        fdatasyncSync(fd);
      }
      return count / (Number(process.hrtime.bigint() - start) / 1e9);
    } finally {
      closeSync(fd);
    }
  });
}
