import { SingleBar } from 'cli-progress';

/** A progress bar on stderr when it is a terminal; silent otherwise (CI, pipes). */
export function progressBar(
  interactive: boolean,
  total: number,
  unit: string,
): { tick(n?: number): void; stop(): void } {
  if (!interactive || total === 0) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `{bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(total, 0);
  return { tick: (n = 1) => bar.increment(n), stop: () => bar.stop() };
}
