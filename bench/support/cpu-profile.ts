import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A preload (`node -r hook.js`) for the server under test, run with an IPC channel: the message
 * 'profile:start' starts V8's sampling profiler, 'profile:stop' stops it and writes the profile to
 * $BENCH_CPU_PROFILE. (Not signals: Nest's shutdown hooks take SIGUSR2.) Plain JavaScript, written
 * to a temp file at run time, so that the profiled service runs exactly as built.
 */
const HOOK_SOURCE = `
const inspector = require('node:inspector');
const fs = require('node:fs');
const session = new inspector.Session();
session.connect();
process.channel && process.channel.unref();
process.on('message', (message) => {
  if (message === 'profile:start') {
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  if (message !== 'profile:stop') return;
  session.post('Profiler.stop', (error, result) => {
    const out = process.env.BENCH_CPU_PROFILE;
    fs.writeFileSync(out + '.tmp', JSON.stringify(error ? { error: String(error) } : result.profile));
    fs.renameSync(out + '.tmp', out);
  });
});
`;

export function writeProfileHook(dir: string): string {
  const path = join(dir, 'cpu-profile-hook.js');
  writeFileSync(path, HOOK_SOURCE);
  return path;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
}

export interface ProfileShare {
  bucket: string;
  /** Share of the non-idle samples of the main thread. */
  share: number;
}

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'V8 garbage collector',
  '(program)': 'V8/native, outside any JS frame',
  '(idle)': '(idle)',
  '(root)': '(root)',
};

/** Where a JS frame's code lives: a package, a library of ours, or Node.js itself; '' for native code. */
function bucketOfUrl(url: string): string {
  const ours = /\/dist\/(libs\/[^/]+|apps\/[^/]+)\//.exec(url);
  if (ours) return `ours: ${ours[1]}`;
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'Node.js runtime';
  return url === '' ? '' : 'other JS';
}

/**
 * Self time of each frame, grouped by where its code lives; a native frame (no URL: SQLite via
 * better-sqlite3, JSON.parse, crypto…) is charged to the JS code that called it. The sampler
 * records the main thread's stack on a wall-clock timer, so a call blocked in fsync counts too.
 */
export function summariseProfile(profile: CpuProfile, top = 10): ProfileShare[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const bucketOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const special = SPECIAL[frame.functionName];
      if (special) return at === id ? special : 'native, no JS caller';
      const bucket = bucketOfUrl(frame.url);
      if (bucket) return at === id ? bucket : `${bucket} → native code`;
    }
    return 'native, no JS caller';
  };
  const hits = new Map<string, number>();
  for (const n of profile.nodes) {
    const count = n.hitCount ?? 0;
    if (count === 0) continue;
    const bucket = bucketOf(n.id);
    hits.set(bucket, (hits.get(bucket) ?? 0) + count);
  }
  hits.delete('(idle)');
  hits.delete('(root)');
  const total = [...hits.values()].reduce((a, b) => a + b, 0);
  const sorted = [...hits.entries()].sort((a, b) => b[1] - a[1]);
  const shares = sorted.slice(0, top).map(([bucket, n]) => ({ bucket, share: n / total }));
  const rest = sorted.slice(top).reduce((a, [, n]) => a + n, 0);
  return rest > 0 ? [...shares, { bucket: 'everything else', share: rest / total }] : shares;
}

export interface HotFunction {
  /** Function name, and where it lives (path under dist/ or node_modules/, or node:…). */
  name: string;
  where: string;
  /** Its own samples (native code it calls included, e.g. SQLite, JSON, structuredClone), of the non-idle ones. */
  share: number;
  /** Its busiest line (1-based, in the built file) and that line's text, when the profile has line ticks. */
  line?: number;
  lineText?: string;
  lineShare?: number;
}

function shortPath(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|node_modules)\//, '$1/');
}

function sourceLine(url: string, line: number): string | undefined {
  if (!url.startsWith('file://') && !url.startsWith('/')) return undefined;
  try {
    const text = readFileSync(url.replace(/^file:\/\//, ''), 'utf8').split('\n')[line - 1];
    return text?.trim().slice(0, 140);
  } catch {
    return undefined;
  }
}

/**
 * The functions with the most samples of their own. V8 often gives native work (better-sqlite3's
 * statements, JSON.stringify/parse, structuredClone) no frame of its own, so its time shows as the
 * calling function's, on the line that makes the call: the busiest line says which. Where a native
 * function does get a frame, it is named with the JS function that called it.
 */
export function hotFunctions(profile: CpuProfile, top = 8): HotFunction[] {
  const skip = new Set(['(idle)', '(root)', '(program)']);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  /** The nearest JS function above a native frame: a native call is named after its caller. */
  const caller = (id: number): string | undefined => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.url) return frame.functionName || '(anonymous)';
    }
    return undefined;
  };
  let total = 0;
  const byFunction = new Map<
    string,
    { name: string; url: string; hits: number; lines: Map<number, number> }
  >();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (skip.has(n.callFrame.functionName)) continue;
    total += hits;
    const native = n.callFrame.url === '' && !n.callFrame.functionName.startsWith('(');
    const name = native
      ? `${n.callFrame.functionName} (native, called by ${caller(n.id) ?? '?'})`
      : n.callFrame.functionName || '(anonymous)';
    const key = `${name}@${n.callFrame.url}:${n.callFrame.lineNumber ?? ''}`;
    const entry = byFunction.get(key) ?? {
      name,
      url: n.callFrame.url,
      hits: 0,
      lines: new Map<number, number>(),
    };
    entry.hits += hits;
    if (!native) {
      for (const t of n.positionTicks ?? [])
        entry.lines.set(t.line, (entry.lines.get(t.line) ?? 0) + t.ticks);
    }
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((f) => {
      const [line, ticks] = [...f.lines.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
      return {
        name: f.name,
        where: f.url ? shortPath(f.url) : 'native',
        share: total > 0 ? f.hits / total : 0,
        ...(line === undefined
          ? {}
          : { line, lineText: sourceLine(f.url, line), lineShare: total > 0 ? ticks / total : 0 }),
      };
    });
}

/** A profile written by `--cpu-prof` or by the hook (which writes `{ error }` when profiling failed). */
export function readProfile(path: string): CpuProfile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile & { error?: string };
  if (profile.error) throw new Error(`profiling failed: ${profile.error}`);
  return profile;
}

/** The profile the hook writes after 'profile:stop', once it is there (it renames it into place). */
export async function awaitProfile(path: string, timeoutMs = 15_000): Promise<CpuProfile> {
  for (const deadline = Date.now() + timeoutMs; !existsSync(path);) {
    if (Date.now() > deadline) throw new Error(`the service wrote no CPU profile to ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return readProfile(path);
}
