// @ts-check
/**
 * Names every skipped test after jest's summary, with the reason its title carries (the real-EventStoreDB
 * run says why it cannot run here): "1 skipped" alone does not say what was not proved. Tests left out by
 * `-t <pattern>` are not listed.
 */
class SkippedTestsReporter {
  /** @param {{ testNamePattern?: string }} globalConfig */
  constructor(globalConfig) {
    this.filtered = Boolean(globalConfig.testNamePattern);
  }

  /** @param {unknown} _contexts @param {{ testResults: Array<{ testResults: Array<{ status: string, fullName: string }> }> }} results */
  onRunComplete(_contexts, results) {
    if (this.filtered) return;
    const skipped = results.testResults.flatMap((file) =>
      file.testResults.filter((t) => t.status === 'pending' || t.status === 'todo').map((t) => t.fullName),
    );
    if (skipped.length === 0) return;
    process.stderr.write(
      `\nSkipped (${skipped.length}):\n${skipped.map((name) => `  - ${name}\n`).join('')}`,
    );
  }
}

module.exports = SkippedTestsReporter;
