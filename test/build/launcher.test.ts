import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

/**
 * bin/tagwire.js chooses between the build in dist/ and the sources through tsx. It is
 * tried in a small package of its own (the real launcher and build-info, a one-file
 * "build" and one source file), so the repository's dist/ is never touched: inside the
 * repository tsx is found in its node_modules, in the system's temp folder it is not
 * (a production install).
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const past = new Date(Date.now() - 60_000);

function fakePackage(parent: string): string {
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'launcher-'));
  made.push(root);
  for (const dir of ['bin', 'src', 'dist/bin']) mkdirSync(join(root, dir), { recursive: true });
  for (const file of ['bin/tagwire.js', 'bin/build-info.js']) copyFileSync(join(ROOT, file), join(root, file));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ include: ['src', 'bin/main.ts'] }));
  writeFileSync(join(root, 'src/where.ts'), "export const where: string = 'sources';\n");
  writeFileSync(join(root, 'bin/main.ts'), "import { where } from '../src/where.ts';\nconsole.log(where);\n");
  writeFileSync(join(root, 'dist/bin/main.js'), "console.log('dist');\n");
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'src/where.ts', 'bin/main.ts']) {
    utimesSync(join(root, file), past, past);
  }
  stamp(root, new Date());
  return root;
}

/** The build's stamp: when it started. */
function stamp(root: string, started: Date): void {
  writeFileSync(join(root, 'dist/.tagwire-build'), `${started.toISOString()}\n`);
}

function launch(root: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'bin/tagwire.js')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('bin/tagwire.js with tsx installed (development)', () => {
  const inRepo = join(ROOT, 'tmp');

  it('runs the build while no source changed since it started', () => {
    expect(launch(fakePackage(inRepo))).toMatchObject({ code: 0, stdout: 'dist' });
  });

  it('runs the sources once one changed after the build started, and TAGWIRE_DIST=1 refuses them', () => {
    const root = fakePackage(inRepo);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'src/where.ts'), later, later);
    expect(launch(root)).toMatchObject({ code: 0, stdout: 'sources' });
    const insisted = launch(root, { TAGWIRE_DIST: '1' });
    expect(insisted.code).toBe(2);
    expect(insisted.stderr).toMatch(/TAGWIRE_DIST=1 asks for the build, but src\/where\.ts changed after the build/u);
    expect(insisted.stderr).toMatch(/Run `npm run build`/u);
    expect(insisted.stdout).toBe('');
  });

  it('counts a change to the build configuration as a change', () => {
    const root = fakePackage(inRepo);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'tsconfig.json'), later, later);
    expect(launch(root)).toMatchObject({ code: 0, stdout: 'sources' });
  });

  it('runs the sources when there is no finished build, or when TAGWIRE_DIST=0 asks', () => {
    const root = fakePackage(inRepo);
    expect(launch(root, { TAGWIRE_DIST: '0' })).toMatchObject({ code: 0, stdout: 'sources' });
    rmSync(join(root, 'dist/.tagwire-build'));
    expect(launch(root)).toMatchObject({ code: 0, stdout: 'sources' });
    expect(launch(root, { TAGWIRE_DIST: '1' }).stderr).toMatch(/there is no finished build in dist\//u);
  });
});

describe('bin/tagwire.js without tsx (a production install)', () => {
  it('runs a current build, and refuses a stale one with the command that fixes it', () => {
    const root = fakePackage(tmpdir());
    expect(launch(root)).toMatchObject({ code: 0, stdout: 'dist' });
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'src/where.ts'), later, later);
    const refused = launch(root);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /src\/where\.ts changed after the build in dist\/ was made, and tsx \(a development dependency\) is not installed/u,
    );
    expect(refused.stderr).toMatch(/Run `npm run build`/u);
  });
});
