// Builds widget/widget.ts and its stylesheet into the one file Heed serves at /widget.js (widget/dist/, git-ignored).
// Run by `npm start`, `npm test` and `npm run demo` before they begin; `node --import tsx widget/build.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const widgetDir = path.dirname(fileURLToPath(import.meta.url));
export const widgetBundlePath = path.join(widgetDir, 'dist', 'widget.js');

export interface WidgetBuild {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildWidget(): Promise<WidgetBuild> {
  const css = await esbuild.transform(fs.readFileSync(path.join(widgetDir, 'widget.css'), 'utf8'), {
    loader: 'css',
    minify: true,
  });
  const result = await esbuild.build({
    entryPoints: [path.join(widgetDir, 'widget.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers with shadow DOM, fetch keepalive and CSS custom properties: the last two years of each.
    target: ['chrome109', 'firefox115', 'safari15.4'],
    define: { HEED_CSS: JSON.stringify(css.code.trim()) },
    legalComments: 'none',
    write: false,
  });
  const code = result.outputFiles[0].contents;
  fs.mkdirSync(path.dirname(widgetBundlePath), { recursive: true });
  fs.writeFileSync(widgetBundlePath, code);
  return {
    path: widgetBundlePath,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWidget();
  process.stdout.write(
    `widget: ${path.relative(process.cwd(), built.path)} ${built.bytes} B, ${built.gzipBytes} B gzipped\n`,
  );
}
