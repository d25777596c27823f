import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build` puts the timeline page (apps/web, built into dist/web). */
export function defaultWebRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(__dirname, 'web-page-not-found');
    dir = parent;
  }
  return join(dir, 'dist', 'web');
}

/**
 * The timeline page at `/`: the built files of `root`, each on its own route (no catch-all, so /v1/*,
 * /health, /docs and /openapi.json keep their routes and unknown paths their 404 problem). A missing
 * build is logged, not fatal: the API works without its page.
 */
export function serveWebPage(app: NestFastifyApplication, root = defaultWebRoot()): void {
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('web').warn(`the timeline page is not built (no ${root}/index.html): run npm run build`);
    return;
  }
  void app.getHttpAdapter().getInstance().register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    // @nestjs/swagger registers @fastify/static too, for /docs.
    decorateReply: false,
  });
}
