import { buildIfStale } from './demo-process';

/**
 * The browser project's global set-up: `npm run demo`'s build step, once, before any browser test file —
 * not inside one of them (where it would count against that file's time, and could run twice at once).
 */
export default function buildBeforeBrowserTests(): void {
  buildIfStale();
}
