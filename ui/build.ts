/**
 * Bundles the rep UI into ui/dist (index.html, app.js, app.css). `npm start` calls
 * buildUi() before serving; `npx tsx ui/build.ts` runs it by hand and prints sizes.
 * The same dist/ is what CDK uploads to S3 behind CloudFront.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const uiDir = dirname(fileURLToPath(import.meta.url));

export interface BuiltFile {
  name: string;
  bytes: number;
  gzipBytes: number;
}

export interface BuildUiOptions {
  outDir?: string;
  /** Readable output for debugging; production builds are minified. */
  minify?: boolean;
}

export async function buildUi(options: BuildUiOptions = {}): Promise<{ outDir: string; files: BuiltFile[] }> {
  const outDir = resolve(options.outDir ?? join(uiDir, 'dist'));
  const minify = options.minify ?? true;
  const result = await build({
    entryPoints: { app: join(uiDir, 'src/main.ts'), 'app-css': join(uiDir, 'src/app.css') },
    bundle: true,
    minify,
    format: 'iife',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    write: false,
    outdir: outDir,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('app.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js || !css) throw new Error('esbuild produced no app.js/app.css');

  // Content hashes in the URLs let CloudFront and browsers cache app.js/app.css forever
  // while index.html (served no-cache) always points at the current build.
  const hash = (data: Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 10);
  const template = await readFile(join(uiDir, 'index.html'), 'utf8');
  const html = template.replace('href="app.css"', `href="app.css?v=${hash(css.contents)}"`).replace('src="app.js"', `src="app.js?v=${hash(js.contents)}"`);

  await mkdir(outDir, { recursive: true });
  const files: [string, Uint8Array | string][] = [
    ['app.js', js.contents],
    ['app.css', css.contents],
    ['index.html', html],
  ];
  // Write-then-rename: a server reading dist/ while another process rebuilds never sees half a file.
  await Promise.all(
    files.map(async ([name, data]) => {
      const tmp = join(outDir, `.${name}.${process.pid}.tmp`);
      await writeFile(tmp, data);
      await rename(tmp, join(outDir, name));
    }),
  );
  return {
    outDir,
    files: files.map(([name, data]) => {
      const buffer = typeof data === 'string' ? Buffer.from(data) : data;
      return { name, bytes: buffer.byteLength, gzipBytes: gzipSync(buffer, { level: 9 }).byteLength };
    }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const { outDir, files } = await buildUi();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`UI built into ${outDir} in ${Math.round(performance.now() - started)} ms`);
  for (const f of files) console.log(`  ${f.name.padEnd(10)} ${kb(f.bytes).padStart(9)}  (${kb(f.gzipBytes)} gzip)`);
}
