import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium (CHROMIUM_PATH to use another), driven by playwright-core in the browser tests. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can: they then say so in their name. */
export const CHROMIUM_MISSING = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} — apt-get install -y chromium (bash .ci/run installs it)`;

/** describe where Chromium exists, describe.skip (named with the reason) where it does not. */
export const describeInChromium = CHROMIUM_MISSING ? describe.skip : describe;

/** Headless Chromium with nothing of its own reaching out to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}
