import type { CpuProfile } from './cpu-profile';

/**
 * What each part of the HTTP service costs per `?at=` request: the profile's non-idle samples, each given to
 * the first part (in this order) that has a frame anywhere on its stack, times the server's CPU per request.
 * The order puts the inner parts first: a SQLite call inside the query bus inside Nest's router is the read's.
 */
const PARTS: { part: string; frame: (url: string, fn: string) => boolean }[] = [
  {
    part: 'the read: StateReader (SQLite, fold, render)',
    frame: (u) => /\/libs\/(timeline|domain)\//.test(u),
  },
  { part: 'writing the answer (Fastify reply, socket)', frame: (u) => u.includes('/fastify/lib/reply.js') },
  { part: 'auth guard (token, role)', frame: (u) => u.includes('/apps/api/src/auth/') },
  { part: 'parameter guard (unknown or repeated names)', frame: (u) => u.includes('/known-query.guard.') },
  { part: 'security headers (Nest security hook)', frame: (u) => u.includes('/http-security-hook.') },
  // Its key (a digest of the token) is computed by our function in http-hardening, called from the plugin.
  {
    part: 'rate limit',
    frame: (u, fn) => u.includes('/@fastify/rate-limit/') || fn === 'rateLimitKey',
  },
  { part: 'request id hook', frame: (u) => u.includes('/apps/api/src/http-hardening.') },
  { part: '405 check hook (unmatched routes only)', frame: (u) => u.includes('/method-not-allowed.') },
  { part: 'request log line (pino)', frame: (u) => /\/(pino|pino-std-serializers|sonic-boom)\//.test(u) },
  { part: 'CQRS query bus', frame: (u) => u.includes('/@nestjs/cqrs/') },
  { part: 'controller', frame: (u) => u.includes('/apps/api/src/') },
  { part: "Nest's router and Fastify adapter", frame: (u) => u.includes('/@nestjs/') },
  { part: 'Fastify routing and hooks', frame: (u) => /\/(fastify|find-my-way)\//.test(u) },
  { part: 'node:http parsing and sockets', frame: (u) => u.startsWith('node:') },
  { part: 'garbage collector', frame: (_u, fn) => fn === '(garbage collector)' },
];

export interface ShellCost {
  part: string;
  share: number;
  /** share × the server's CPU per request under the same load. */
  micros: number;
}

export function shellCosts(profile: CpuProfile, cpuMicrosPerRequest: number): ShellCost[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const hits = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const count = n.hitCount ?? 0;
    if (count === 0 || n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(root)')
      continue;
    const stack: { url: string; fn: string }[] = [];
    for (let at: number | undefined = n.id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      stack.push({ url: frame.url.replace(/^file:\/\//, ''), fn: frame.functionName });
    }
    const part = PARTS.find((p) => stack.some((f) => p.frame(f.url, f.fn)))?.part ?? 'everything else';
    hits.set(part, (hits.get(part) ?? 0) + count);
    total += count;
  }
  return [...PARTS.map((p) => p.part), 'everything else'].map((part) => {
    const share = total > 0 ? (hits.get(part) ?? 0) / total : 0;
    return { part, share, micros: share * cpuMicrosPerRequest };
  });
}
