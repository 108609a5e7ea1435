/**
 * Bundles the embeddable form script (src/snippet.ts) into web-forms/dist/forms.js,
 * minified, for `<script src="https://CRM/forms.js" data-crm-form="…">`. The local runtime
 * and the deployment call buildWebForms(); `npx tsx web-forms/build.ts` runs it by hand.
 * It must stay small: tests/unit/web-forms.test.ts holds it to 10 KB gzipped.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const webFormsDir = dirname(fileURLToPath(import.meta.url));

export interface BuildWebFormsOptions {
  /** Default web-forms/dist. */
  outDir?: string;
  /** Readable output for debugging; the default is minified. */
  minify?: boolean;
}

export interface BuiltWebForms {
  /** absolute path of forms.js */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildWebForms(options: BuildWebFormsOptions = {}): Promise<BuiltWebForms> {
  const outDir = resolve(options.outDir ?? join(webFormsDir, 'dist'));
  const result = await build({
    entryPoints: [join(webFormsDir, 'src/snippet.ts')],
    bundle: true,
    minify: options.minify ?? true,
    format: 'iife',
    // The sites embedding it are anyone's: browsers of the last few years.
    target: ['es2020', 'chrome80', 'firefox78', 'safari15'],
    write: false,
    legalComments: 'none',
    // The bundle is build output under the repository; keep `eslint .` off it.
    banner: { js: '/* eslint-disable */' },
    logLevel: 'silent',
  });
  const js = result.outputFiles[0];
  if (!js) throw new Error('esbuild produced no forms.js');
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'forms.js');
  // Write-then-rename: a server reading dist/ while another process rebuilds never sees half a file.
  const tmp = join(outDir, `.forms.js.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  await writeFile(tmp, js.contents);
  await rename(tmp, file);
  return { file, bytes: js.contents.byteLength, gzipBytes: gzipSync(js.contents, { level: 9 }).byteLength };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { file, bytes, gzipBytes } = await buildWebForms();
  console.log(`${file}: ${(bytes / 1024).toFixed(1)} KB (${(gzipBytes / 1024).toFixed(1)} KB gzip)`);
}
