/** `--quick`: a smoke run of a few seconds (fewer events, shorter load, one run). */
export function isQuick(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes('--quick');
}
