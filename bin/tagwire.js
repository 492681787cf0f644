#!/usr/bin/env node
// The `tagwire` command. It runs the production build, dist/bin/main.js (`npm run build`;
// `npm install` builds it too), when that build is current, and otherwise the TypeScript
// sources through tsx, a development dependency. Current means no source changed since
// the build started (bin/build-info.js): a developer who edits a file and runs tagwire, or
// a test that spawns it, always gets the edit, never an old build, with no step to forget;
// a production install has no tsx, so there a stale build is refused with the command
// that fixes it. TAGWIRE_DIST=1 insists on the build, TAGWIRE_DIST=0 on the sources.
import { join } from 'node:path';
import { ROOT, staleBuild } from './build-info.js';

const choice = process.env.TAGWIRE_DIST;
const stale = choice === '0' ? 'TAGWIRE_DIST=0 asks for the sources' : staleBuild(ROOT, join(ROOT, 'dist'));

function refuse(message) {
  process.stderr.write(`tagwire: ${message}.\nRun \`npm run build\` to make dist/ from the sources.\n`);
  process.exit(2);
}

if (stale === undefined) {
  await import('../dist/bin/main.js');
} else {
  if (choice === '1') refuse(`TAGWIRE_DIST=1 asks for the build, but ${stale}`);
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    refuse(`${stale}, and tsx (a development dependency) is not installed to run the sources`);
  }
  tsx.register();
  await import('./main.ts');
}
