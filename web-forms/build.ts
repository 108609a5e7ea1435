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
import { build, buildSync, type BuildOptions } from 'esbuild';

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

/** The snippet's esbuild settings: `npm start` builds it with these, and so does the intake Lambda's bundling. */
const snippetOptions = (minify: boolean) =>
  ({
    entryPoints: [join(webFormsDir, 'src/snippet.ts')],
    bundle: true,
    minify,
    format: 'iife',
    // The sites embedding it are anyone's: browsers of the last few years.
    target: ['es2020', 'chrome80', 'firefox78', 'safari15'],
    legalComments: 'none',
    // The bundle is build output under the repository; keep `eslint .` off it.
    banner: { js: '/* eslint-disable */' },
    logLevel: 'silent',
  }) satisfies BuildOptions;

/** forms.js into a Lambda asset folder (CDK bundling is synchronous). */
export function buildWebFormsSync(outDir: string): void {
  buildSync({ ...snippetOptions(true), outfile: join(outDir, 'forms.js') });
}

export async function buildWebForms(options: BuildWebFormsOptions = {}): Promise<BuiltWebForms> {
  const outDir = resolve(options.outDir ?? join(webFormsDir, 'dist'));
  const result = await build({ ...snippetOptions(options.minify ?? true), write: false });
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
