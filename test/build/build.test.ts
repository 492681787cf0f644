import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempWorkspace, type CliResult } from '../helpers/cli.ts';

/**
 * `npm run build` (bin/build.js) into a folder of tmp/ (inside the repository, so the
 * compiled files find node_modules as dist/ does), then the compiled JavaScript run by
 * plain node: Node 20 cannot load a .ts file, so every run here proves no source is used.
 */
let out: string;
let workspace: ReturnType<typeof tempWorkspace>;

beforeAll(() => {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  out = mkdtempSync(join(ROOT, 'tmp', 'build-'));
  workspace = tempWorkspace();
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.js'), relative(ROOT, out)], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  workspace.remove();
});

function runBuilt(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(out, 'bin/main.js'), ...args], {
      cwd: workspace.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the production build', () => {
  it('compiles src, adapters, migrations and the entry to JavaScript, stamped when finished', () => {
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/main.js',
        'src/cli.js',
        'adapters/index.js',
        'migrations/index.js',
        'src/i18n/locales/en.ftl',
        'src/i18n/locales/ru.ftl',
        'src/i18n/locales/hy.ftl',
        'src/web/newsroom.js',
        'src/web/assets/newsroom.css',
        'src/web/assets/newsroom.js',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(readFileSync(join(out, 'bin/main.js'), 'utf8')).toContain('from "../src/cli.js"');
    expect(Date.parse(readFileSync(join(out, '.tagwire-build'), 'utf8').trim())).toBeLessThanOrEqual(Date.now());
  });

  it('runs the console on SQLite from the compiled files: migrations, a command, a reply in Armenian and Russian tags', async () => {
    const env = { DATABASE_URL: workspace.dbUrl, LOG_LEVEL: 'warn' };
    const result = await runBuilt(['console'], env, '/help\n/follow Հայաստան, Россия\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/tagwire sends you each new article with the tags you follow/u);
    // Both are built-in names of the region (src/domain/region-names.ts): #Armenia and #Russia, shown in the chat's language.
    expect(result.stdout).toMatch(/Now following #Armenia and #Russia/u);
    expect((await runBuilt(['--help'], env, '')).stdout).toMatch(/^Usage: tagwire COMMAND/u);
    // The message files ship with the build: a chat switched to Russian is answered in Russian.
    const russian = await runBuilt(['console'], env, '/language ru\n/tags\n');
    expect(russian.stderr).toBe('');
    expect(russian.stdout).toMatch(/Теперь этот чат получает ответы/u);
    expect(russian.stdout).toMatch(/Подписки \(2\): #Армения #Россия/u);
  });

  it('serves the newsroom from the compiled files: its pages (JSX), stylesheet and script', () => {
    const module = (path: string) => JSON.stringify(join(out, path));
    const script = `
      const { loadConfig } = await import(${module('src/config.js')});
      const { silentLogger } = await import(${module('src/logger.js')});
      const { openCore } = await import(${module('src/runtime.js')});
      const { startHttpServer } = await import(${module('src/http/server.js')});
      const config = loadConfig({ DATABASE_URL: ':memory:', HTTP_PORT: '18080', INGEST_TOKEN: 'build-test-token-0123456789' });
      const handle = await openCore(config, silentLogger);
      const http = await startHttpServer({ deps: handle.deps, port: 0, host: '127.0.0.1' });
      const get = async (path) => {
        const r = await fetch('http://127.0.0.1:' + http.port + path);
        return r.status + ' ' + r.headers.get('content-type') + ' ' + (await r.text()).length;
      };
      console.log(await get('/admin/login'));
      console.log(await get('/admin/assets/newsroom.css'));
      console.log(await get('/admin/assets/newsroom.js'));
      await http.close();
      await handle.close();`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const [login, css, js] = result.stdout.trim().split('\n');
    expect(login).toMatch(/^200 text\/html; charset=UTF-8 [1-9]\d+$/u);
    expect(css).toMatch(/^200 text\/css; charset=utf-8 [1-9]\d+$/u);
    expect(js).toMatch(/^200 text\/javascript; charset=utf-8 [1-9]\d+$/u);
  });

  it("prepares an import's batches in a compiled worker thread", () => {
    const module = (path: string) => JSON.stringify(join(out, path));
    const script = `
      const { createBatchPreparer } = await import(${module('src/app/import-workers.js')});
      const preparer = createBatchPreparer(1, true);
      const lines = [{ line: 1, text: JSON.stringify({ title: 'Armenia votes', body: 'Polls opened across the country on Sunday, and the turnout was high in the capital.', tags: ['Armenia'] }) }];
      let batch = null;
      for (let i = 0; i < 300 && batch === null; i++) {
        batch = preparer.dispatch(lines);
        if (batch === null) await new Promise((r) => setTimeout(r, 50));
      }
      const prepared = await batch;
      console.log(prepared.articles[0].description.language, prepared.articles[0].terms.title);
      await preparer.close();`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('en armenia vote');
  });

  it("points discord-shards at the build's own entry", () => {
    const shards = join(out, 'adapters/discord/shards.js');
    const script = `const { TAGWIRE_BIN } = await import(${JSON.stringify(shards)}); console.log(TAGWIRE_BIN);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(join(out, 'bin/main.js'));
    expect(existsSync(result.stdout.trim())).toBe(true);
  });

  it('builds only into dist/ or a folder in tmp/, since it empties the folder first', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'tagwire-not-a-build-'));
    try {
      writeFileSync(join(elsewhere, 'keep.txt'), 'mine');
      const result = spawnSync(process.execPath, [join(ROOT, 'bin/build.js'), elsewhere], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/the build goes to dist\/ or a folder in tmp\//u);
      expect(readFileSync(join(elsewhere, 'keep.txt'), 'utf8')).toBe('mine');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
