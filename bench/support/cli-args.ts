/** `--quick`: a smoke run of a few seconds (fewer events, shorter load, one run). */
export function isQuick(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes('--quick');
}

/** The benches a run is limited to: `--only import` (the names of BENCHES in bench/run.ts); all when absent. */
export function onlyBench(argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const at = argv.indexOf('--only');
  return at < 0 ? undefined : argv[at + 1];
}
