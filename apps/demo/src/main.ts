import { defaultDemoDir, RunningDemo, startDemo } from './demo';

/** The third example: a fact the article reports and the data set leaves out, recorded with the recorder token. */
const STATEMENT = {
  type: 'StatementIssued',
  actors: ['CN', 'AZ'],
  occurredOn: '2025-04',
  data: {
    by: 'CN',
    speaker: { name: 'Guo Jiakun', title: 'Spokesperson, Ministry of Foreign Affairs of China' },
    summary: 'China expects the state visit of President Aliyev to further deepen the strategic partnership.',
  },
  sources: [{ publisher: 'Caliber.Az', citing: 'Chinese Foreign Ministry', publishedOn: '2025-04' }],
};

/** What `npm run demo` prints once the service is ready: where to look, the tokens, the CLI line, three requests. */
export function banner(demo: RunningDemo, dir: string): string {
  const { url, tokens, azerbaijanChina: azCn, usMissions } = demo;
  const token = tokens.recorder;
  return `
Diplomatic timeline demo — ready

  Page    ${url}/?a=AZ&b=CN&at=2024-07-04
          (${url}/?country=US for every relationship of the United States)
  API     ${url}/docs (Swagger UI), ${url}/openapi.json
  Data    Azerbaijan–China: ${azCn.facts} facts and ${azCn.corrections} corrections, recorded through the API
          US missions 1816–2024: ${usMissions.recorded} events (US Department of State, Office of the
          Historian, via Brenton Kenkel, "US Diplomatic Missions", CC-BY 4.0)
  Store   ${dir} (emptied on every run)
  Tokens  reader    ${tokens.reader}
          recorder  ${tokens.recorder}
          auditor   ${tokens.auditor}
          admin     ${tokens.admin}
          (for this local demo only; the README's examples use them)
  CLI     ${demo.cliLine}
          (the command-line tool on the demo's store)

Three requests to try:

  # 1. Azerbaijan and China on 4 July 2024: a strategic partnership since 2024-07-03
  curl -s '${url}/v1/relationships/AZ/CN?at=2024-07-04'

  # 2. The same day, as the record read before the corrections: the partnership dated "2024-07", uncertain
  curl -s '${url}/v1/relationships/AZ/CN?at=2024-07-04&knownAt=${azCn.beforeCorrections}'

  # 3. Record a fact with the recorder token: the spokesperson's statement that the article reports
  curl -s -X POST '${url}/v1/events' -H 'authorization: Bearer ${token}' -H 'content-type: application/json' \\
    -d '${JSON.stringify(STATEMENT)}'

Ctrl-C stops the service.
`;
}

async function main(): Promise<void> {
  const dir = process.env.DEMO_DIR || defaultDemoDir();
  const demo = await startDemo({
    dir,
    port: process.env.PORT || '3000',
    host: process.env.HOST || '127.0.0.1',
    logLevel: process.env.LOG_LEVEL,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(banner(demo, dir));
  // The service stops on SIGINT/SIGTERM (Nest's shutdown hooks close the stores).
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
