// The dashboard (web/, built by `npm run build:web` into web/dist/): its hashed files at /static/*, and
// index.html at / and at every other path that is not the API's, a hosted page's or a file's (SPA fallback).
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
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

const brotli = promisify(zlib.brotliCompress);
const gzipFile = promisify(zlib.gzip);

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

type Encoding = 'br' | 'gzip' | 'identity';
type Variants = Record<Encoding, Buffer>;

async function compressFile(file: string): Promise<Variants | null> {
  let identity: Buffer;
  try {
    identity = await fs.promises.readFile(file);
  } catch {
    return null;
  }
  const [br, gzip] = await Promise.all([
    brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
    gzipFile(identity, { level: 9 }),
  ]);
  return { br, gzip, identity };
}

/** Brotli, then gzip, when the client accepts it (and it is smaller), else the file as it is. */
export function preferredEncoding(acceptEncoding: string | undefined, variants: Variants): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, quality]) => !quality || Number(quality.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name.trim().toLowerCase()),
  );
  for (const encoding of ['br', 'gzip'] as const)
    if (accepted.has(encoding) && variants[encoding].length < variants.identity.length) return encoding;
  return 'identity';
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

  // Each file read and compressed once (brotli and gzip), then served from memory: the build's files never
  // change while the server runs, and the charts' chunk shrinks from about 650 KB to under 200 KB.
  const compressed = new Map<string, Promise<Variants | null>>();
  const staticFile = (file: string) => {
    let variants = compressed.get(file);
    if (!variants) {
      variants = compressFile(path.join(staticDir, file));
      compressed.set(file, variants);
    }
    return variants;
  };

  app.get(
    '/static/:file',
    { schema: hide },
    async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
      const { file } = request.params;
      const type = contentTypes[path.extname(file)];
      // Only plain names of the build's own files: no directories, no dot-files, nothing outside static/.
      if (!type || !/^[\w.-]+$/.test(file) || file.startsWith('.')) return reply.callNotFound();
      const variants = await staticFile(file);
      if (!variants) return reply.callNotFound();
      const encoding = preferredEncoding(request.headers['accept-encoding'], variants);
      return reply
        .headers({
          'content-type': type,
          // Hashed names: a new build gets new names, so these never change.
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
          vary: 'accept-encoding',
          ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
        })
        .send(variants[encoding]);
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
