#!/usr/bin/env node
// `npm run build` (and `npm install` / `npm ci`, through the prepare script): the
// production JavaScript, tsc with tsconfig.build.json into dist/ (or into the folder under
// tmp/ given as the argument: the tests build there). Relative imports keep their .ts names in the sources and become .js there
// (rewriteRelativeImportExtensions). The build only transpiles (noCheck, safe with
// isolatedModules): `npm run typecheck` is the type check, so an install never fails on a
// type error and the build takes a few seconds. The output folder is emptied first, and
// the stamp (bin/build-info.js) is written last, so a half-made build never counts as current.
// Besides the JavaScript, the build copies the message files (src/**/*.ftl) and the newsroom's
// assets (src/web/assets/) it reads at run time.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { BUILD_CONFIG, BUILD_STAMP, ROOT, staleBuild } from './build-info.js';

const outDir = resolve(ROOT, process.argv[2] ?? 'dist');
// The folder is emptied: never the sources or anything else than dist/ or a folder in tmp/.
if (outDir !== resolve(ROOT, 'dist') && !outDir.startsWith(resolve(ROOT, 'tmp') + sep)) {
  console.error(`tagwire: the build goes to dist/ or a folder in tmp/, not ${outDir}.`);
  process.exit(2);
}
const started = new Date();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // A production install (npm ci --omit=dev) has no TypeScript: a current build will do.
  if (staleBuild(ROOT, outDir) === undefined) process.exit(0);
  console.error(
    'tagwire: cannot build: TypeScript, a development dependency, is not installed.\n' +
      'Install with `npm ci` (it builds dist/), then drop the development dependencies with `npm prune --omit=dev`.',
  );
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', BUILD_CONFIG, '--outDir', outDir], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(
    `tagwire: the build failed (tsc exited with ${result.status ?? result.signal}); ${outDir} is incomplete and will not be run.`,
  );
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
// The message files (src/i18n/locales/*.ftl) and the newsroom's stylesheet and script
// (src/web/assets/) are read at run time beside the compiled modules.
const assets = `web${sep}assets${sep}`;
for (const name of readdirSync(resolve(ROOT, 'src'), { recursive: true }).map(String)) {
  if (!name.endsWith('.ftl') && !name.startsWith(assets)) continue;
  const target = resolve(outDir, 'src', name);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(resolve(ROOT, 'src', name), target);
}
writeFileSync(resolve(outDir, BUILD_STAMP), `${started.toISOString()}\n`);
