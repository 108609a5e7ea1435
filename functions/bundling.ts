/**
 * How every Lambda bundle is built, shared by the CDK Function construct and the bench so
 * the bench measures exactly what ships.
 */
export const bundlingDefaults = {
  format: 'esm' as const,
  target: 'node22',
  platform: 'node' as const,
  minify: true,
  // Prefer the ES module builds so esbuild can drop unused SDK code.
  mainFields: ['module', 'main'],
  // ESM output has no require(); some CommonJS dependencies call it.
  banner: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
};
