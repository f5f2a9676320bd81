// GET /widget.js: the embeddable widget, built by widget/build.ts, for any site to load with one <script> tag.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotFound } from '../../errors.ts';
import type { HeedApp } from '../../http/app.ts';

const bundlePath = fileURLToPath(new URL('../../../widget/dist/widget.js', import.meta.url));

interface Bundle {
  code: Buffer;
  etag: string;
}

let cached: Bundle | undefined;

/** The built bundle, read once; built here when `npm start`/`npm test` did not (e.g. `npx heed start`). */
async function widgetBundle(): Promise<Bundle> {
  if (cached) return cached;
  if (!fs.existsSync(bundlePath)) {
    try {
      // Through a variable: widget/ is outside src/, and esbuild is a devDependency a production install may lack.
      const builder = '../../../widget/build.ts';
      await ((await import(builder)) as { buildWidget: () => Promise<unknown> }).buildWidget();
    } catch {
      throw new NotFound('widget.js (not built: run `npm run build:widget`)');
    }
  }
  const code = fs.readFileSync(bundlePath);
  cached = { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
  return cached;
}

export function registerWidgetRoute(app: HeedApp): void {
  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    const { code, etag } = await widgetBundle();
    reply.headers({
      'content-type': 'text/javascript; charset=utf-8',
      // The snippet's URL carries no version, so a day (then a cheap ETag revalidation) keeps sites current.
      'cache-control': 'public, max-age=86400, stale-while-revalidate=604800',
      etag,
      // Loaded by other sites' pages: allowed across origins, with CORS for crossorigin="anonymous" tags.
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    });
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.send(code);
  });
}
