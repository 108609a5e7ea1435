import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built rep UI, building it first when it is missing so `npx cdk deploy --all`
 * from a clean clone publishes a UI. Returns undefined when there is no UI to publish.
 */
export function resolveUiDist(rootDir: string, build: boolean): string | undefined {
  const dist = join(rootDir, 'ui', 'dist');
  const script = join(rootDir, 'ui', 'build.ts');
  if (build && !existsSync(join(dist, 'index.html')) && existsSync(script)) {
    // The CDK CLI reads the app's stdout, so the build's output goes to stderr.
    execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: rootDir, stdio: ['ignore', 2, 2] });
  }
  return existsSync(join(dist, 'index.html')) ? dist : undefined;
}
