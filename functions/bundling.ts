/**
 * How every Lambda bundle is built, shared by the CDK Function construct and the bench,
 * so the bench measures exactly what ships.
 *
 * ESM with code splitting: adapters a function loads lazily (the S3 client for a file
 * download, SES for a notification, Cognito for a sign-in) land in their own chunks and
 * cost nothing at cold start unless the request needs them.
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const functionsDir = dirname(fileURLToPath(import.meta.url));

export const HANDLER_FILE = 'index.mjs';

const electrodbShim = resolve(functionsDir, 'shims/electrodb.ts');
const insideElectrodb = /[\\/]node_modules[\\/]electrodb[\\/]/;

/** ElectroDB without a require() of the SDK's ES modules: see functions/shims/electrodb.ts. */
const electrodbWithoutSdkRequire: Plugin = {
  name: 'electrodb-without-sdk-require',
  setup(build) {
    build.onResolve({ filter: /^electrodb$/ }, ({ importer }) =>
      importer === electrodbShim || insideElectrodb.test(importer) ? undefined : { path: electrodbShim },
    );
    build.onResolve({ filter: /^@aws-sdk\/(lib|util)-dynamodb$/ }, ({ importer }) =>
      insideElectrodb.test(importer) ? { path: resolve(functionsDir, 'shims/electrodb-sdk.cjs') } : undefined,
    );
  },
};

/**
 * node:http by require(), not import: importing a builtin as an ES module makes Node read
 * every export to build its facade, and node:http's exports include lazy getters that load
 * undici (WebSocket, EventSource…), some 20 ms for code nobody calls. The SDK imports
 * node:http only for an http:// endpoint (DynamoDB Local), so in Lambda this changes
 * nothing; it keeps the bench's cold starts from paying a cost Lambda does not.
 */
const httpByRequire: Plugin = {
  name: 'http-by-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?http$/ }, ({ kind }) =>
      kind === 'import-statement' || kind === 'dynamic-import' ? { path: 'node:http', namespace: 'builtin-by-require' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js' }));
  },
};

export function bundleOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: resolve(entry) },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node22',
    platform: 'node',
    minify: true,
    // Maps ship beside the code for debugging (NODE_OPTIONS=--enable-source-maps), but
    // are not loaded by default: parsing them would lengthen every cold start.
    sourcemap: 'linked',
    sourcesContent: false,
    // Prefer the ES module builds so esbuild can drop unused SDK code.
    mainFields: ['module', 'main'],
    // ESM output has no require(); some CommonJS dependencies call it.
    banner: { js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);" },
    // ElectroDB's model validation is done by the test suite, not at every cold start.
    alias: { jsonschema: resolve(functionsDir, 'shims/jsonschema.ts') },
    plugins: [electrodbWithoutSdkRequire, httpByRequire],
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/** Sizes: the entry plus what it imports statically (paid at cold start), and everything. */
export function bundleSizes(metafile: Metafile) {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  // Lazily imported modules are entry points too; the handler is the one named index.mjs.
  const entry = outputs.find(([file]) => file.endsWith(`/${HANDLER_FILE}`));
  const eager = new Set<string>();
  const visit = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  if (entry) visit(entry[0]);
  const bytesOf = (files: string[]) => files.reduce((sum, f) => sum + (metafile.outputs[f]?.bytes ?? 0), 0);
  return { coldBytes: bytesOf([...eager]), totalBytes: bytesOf(outputs.map(([f]) => f)) };
}

export async function bundleFunction(entry: string, outdir: string) {
  const result = await build(bundleOptions(entry, outdir));
  return { handlerFile: resolve(outdir, HANDLER_FILE), ...bundleSizes(result.metafile!) };
}

/**
 * CDK's local bundling hook is synchronous, and esbuild runs plugins only in its async
 * API, so the build runs in a child process: this file, which Node 22 runs as TypeScript.
 * (A worker thread waited on with Atomics was tried: it hung when run under `tsx -e`.)
 */
export function bundleFunctionSync(entry: string, outdir: string): void {
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), resolve(entry), resolve(outdir)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) throw new Error('usage: node functions/bundling.ts <entry> <outdir>');
  await bundleFunction(entry, outdir);
}
