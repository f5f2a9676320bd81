// The dashboard (web/, built by `npm run build:web` into web/dist/): its hashed files at /static/*, and
// index.html at / and at every other path that is not the API's, a hosted page's or a file's (SPA fallback).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../errors.ts';
import type { HeedApp } from './app.ts';

// Only Heed's own scripts, styles and API; no framing (clickjacking), no plugins, no foreign form targets.
const appPageHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  // The page names the hashed files of the current build: always revalidate it.
  'cache-control': 'no-cache',
};

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Paths that belong to the API, the hosted pages and other routes: never answered with the app page. */
const reservedPrefixes = ['/v1/', '/s/', '/f/', '/u/', '/docs', '/assets/', '/static/'];
const reservedPaths = new Set(['/v1', '/openapi.json', '/health', '/widget.js', '/favicon.ico']);

function isAppPath(pathname: string): boolean {
  if (reservedPaths.has(pathname) || reservedPrefixes.some((prefix) => pathname.startsWith(prefix)))
    return false;
  // A last segment with an extension asks for a file, which a missing one should not turn into a page.
  return !/\.[a-z0-9]+$/i.test(pathname);
}

/** Serves the dashboard built into `distDir` (config.webDir). */
export function registerWebApp(app: HeedApp, distDir: string): void {
  const hide = { hide: true };
  const staticDir = path.join(distDir, 'static');
  let indexHtml: Buffer | undefined;

  function sendIndex(reply: FastifyReply) {
    if (!indexHtml) {
      const file = path.join(distDir, 'index.html');
      if (!fs.existsSync(file)) throw new NotFound('the dashboard (not built: run `npm run build:web`)');
      indexHtml = fs.readFileSync(file);
    }
    return reply.headers(appPageHeaders).type('text/html; charset=utf-8').send(indexHtml);
  }

  app.get(
    '/static/:file',
    { schema: hide },
    async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
      const { file } = request.params;
      const type = contentTypes[path.extname(file)];
      // Only plain names of the build's own files: no directories, no dot-files, nothing outside static/.
      if (!type || !/^[\w.-]+$/.test(file) || file.startsWith('.')) return reply.callNotFound();
      let body: Buffer;
      try {
        body = await fs.promises.readFile(path.join(staticDir, file));
      } catch {
        return reply.callNotFound();
      }
      return reply
        .headers({
          'content-type': type,
          // Hashed names: a new build gets new names, so these never change.
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
        })
        .send(body);
    },
  );

  // / and the SPA fallback: the lowest-priority route, so every other route, and its 404s, stay as they
  // were. (No route of its own for /: it would reshape the router's tree that printRoutes() shows.)
  app.get('/*', { schema: hide }, async (request, reply) => {
    const pathname = request.url.split('?')[0];
    if (!isAppPath(pathname)) return reply.callNotFound();
    return sendIndex(reply);
  });
}
