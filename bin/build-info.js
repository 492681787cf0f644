// What bin/build.js writes and bin/tagwire.js checks. A build is current when no file it
// is made from (what tsconfig.build.json includes: .ts, .tsx and .ftl files and the newsroom's assets; and the
// tsconfig files) changed after the build started; the start time is in the stamp file, written only once tsc
// succeeded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD_CONFIG = 'tsconfig.build.json';
/** In the output folder: when the build started (ISO 8601). */
export const BUILD_STAMP = '.tagwire-build';

/** Every file the build is made from, as absolute paths (none when the sources are not here). */
function buildInputs(root) {
  const config = join(root, BUILD_CONFIG);
  if (!existsSync(config)) return [];
  // tsconfig.build.json stays plain JSON (no comments) so this needs no TypeScript.
  const include = JSON.parse(readFileSync(config, 'utf8')).include ?? [];
  const files = [config, join(root, 'tsconfig.json')];
  for (const entry of include) {
    const path = join(root, entry);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      files.push(path);
      continue;
    }
    for (const name of readdirSync(path, { recursive: true })) {
      // Sources (.ts, .tsx), message files, and the newsroom's stylesheet and script.
      if (/\.(tsx?|ftl)$/u.test(String(name)) || /(^|[\\/])web[\\/]assets[\\/]/u.test(String(name)))
        files.push(join(path, String(name)));
    }
  }
  return files;
}

/** When a file last changed, in milliseconds; 0 for a file that is not there (a source deleted since the build). */
function modified(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Why the build in outDir does not hold the current sources, or undefined when it does. */
export function staleBuild(root, outDir) {
  let started;
  try {
    started = Date.parse(readFileSync(join(outDir, BUILD_STAMP), 'utf8').trim());
  } catch {
    return `there is no finished build in ${relative(root, outDir) || '.'}/`;
  }
  if (Number.isNaN(started)) return `the build stamp ${join(outDir, BUILD_STAMP)} is unreadable`;
  const changed = buildInputs(root).find((file) => modified(file) > started);
  return changed === undefined
    ? undefined
    : `${relative(root, changed)} changed after the build in ${relative(root, outDir)}/ was made`;
}
