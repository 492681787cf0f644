import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import {
  documentedVariables,
  ENV_EXAMPLE,
  README,
  renderConfigTable,
  renderEnvExample,
  run,
  spliceTable,
  TABLE_END,
  TABLE_START,
} from '../../scripts/config-docs.ts';
import { CONFIG_SECTIONS, EnvSchema, envDocs, loadConfig } from '../../src/config.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const names = Object.keys(EnvSchema.shape);
const schemaOf = (name: string) => EnvSchema.shape[name as keyof typeof EnvSchema.shape];
const REGENERATE = 'differs from src/config.ts: run `npm run config-docs`';

describe('the documentation of the configuration, generated from its schema', () => {
  it('documents every variable of the schema: a section, a meaning', () => {
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const doc = envDocs.get(schemaOf(name));
      expect(doc, `${name} has no documentation`).toBeDefined();
      expect(doc!.doc.trim(), `${name} has an empty doc`).not.toBe('');
      expect(Object.keys(CONFIG_SECTIONS), name).toContain(doc!.section);
    }
    expect(
      documentedVariables()
        .map((v) => v.name)
        .sort(),
    ).toEqual([...names].sort());
  });

  it('shows defaults that are what an unset variable gives, and examples that are valid', () => {
    for (const { name, doc } of documentedVariables()) {
      const schema = schemaOf(name);
      if (doc.default !== undefined)
        expect(schema.parse(doc.default), `${name}'s default`).toEqual(schema.parse(undefined));
      if (doc.example !== undefined) expect(schema.safeParse(doc.example).success, `${name}'s example`).toBe(true);
    }
  });

  it('.env.example is the rendered one (else: npm run config-docs)', () => {
    expect(read(ENV_EXAMPLE), `${ENV_EXAMPLE} ${REGENERATE}`).toBe(renderEnvExample());
  });

  it('README.md holds the rendered table between its markers (else: npm run config-docs)', () => {
    const readme = read(README);
    expect(spliceTable(readme, renderConfigTable()), `${README} ${REGENERATE}`).toBe(readme);
  });

  it('names every variable in both files, each once', () => {
    const env = renderEnvExample();
    const table = renderConfigTable();
    for (const name of names) {
      expect(env.match(new RegExp(`^(?:# )?${name}=`, 'gmu')), `${name} in ${ENV_EXAMPLE}`).toHaveLength(1);
      expect(table.split(`| \`${name}\` |`), `${name} in the README table`).toHaveLength(2);
    }
    expect(table.split('\n')[0]).toBe('| variable | default | meaning |');
  });

  it('.env.example, copied to .env as it is, configures the defaults', () => {
    const env = parseDotenv(renderEnvExample());
    expect(Object.keys(env).sort()).toEqual(
      names.filter((n) => envDocs.get(schemaOf(n))?.example === undefined).sort(),
    );
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('keeps .env.example comments within 90 columns, but for one unbreakable word', () => {
    for (const line of renderEnvExample()
      .split('\n')
      .filter((l) => l.startsWith('# '))) {
      if (line.length > 90) expect(line.slice(2), line).not.toContain(' ');
    }
  });
});

describe('npm run config-docs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const workspace = (readme: string, envExample: string) => {
    dir = mkdtempSync(join(tmpdir(), 'tagwire-config-docs-'));
    writeFileSync(join(dir, README), readme);
    writeFileSync(join(dir, ENV_EXAMPLE), envExample);
    return dir;
  };
  const readmeWith = (table: string) =>
    `# tagwire\n\n## Configuration\n\nIntro.\n\n${TABLE_START}\n${table}${TABLE_END}\n\n## Next\n`;

  it('replaces only what lies between the markers', () => {
    const table = renderConfigTable();
    expect(spliceTable(readmeWith('| old | table |\n'), table)).toBe(readmeWith(table));
  });

  it('fails, saying where the table goes, when the README has no markers or they are out of order', () => {
    expect(() => spliceTable('# tagwire\n', renderConfigTable())).toThrow(
      /README\.md: .*<!-- config-table:start -->.*<!-- config-table:end -->/u,
    );
    expect(() => spliceTable(`${TABLE_END}\n${TABLE_START}\n`, '')).toThrow(/config-table:start/u);
    expect(() => spliceTable(`${TABLE_START}\n${TABLE_START}\n${TABLE_END}\n`, '')).toThrow(/each once/u);
  });

  it('--check writes nothing and exits 1 naming each file that drifted', () => {
    const root = workspace(readmeWith('| stale |\n'), '# stale\n');
    const log: string[] = [];
    expect(run(['--check'], root, (line) => log.push(line))).toBe(1);
    expect(log).toEqual([`config-docs: ${ENV_EXAMPLE} ${REGENERATE}`, `config-docs: ${README} ${REGENERATE}`]);
    expect(readFileSync(join(root, ENV_EXAMPLE), 'utf8')).toBe('# stale\n');
  });

  it('writes both files, after which --check passes', () => {
    const root = workspace(readmeWith(''), '');
    expect(run([], root, () => {})).toBe(0);
    expect(readFileSync(join(root, ENV_EXAMPLE), 'utf8')).toBe(renderEnvExample());
    expect(readFileSync(join(root, README), 'utf8')).toBe(readmeWith(renderConfigTable()));
    expect(run(['--check'], root, () => {})).toBe(0);
  });

  it('without the markers, fails and writes nothing; one file can be named alone', () => {
    const root = workspace('# tagwire\n', '# stale\n');
    const log: string[] = [];
    expect(run([], root, (line) => log.push(line))).toBe(1);
    expect(log.join('\n')).toMatch(/README\.md: the configuration table goes between/u);
    expect(readFileSync(join(root, ENV_EXAMPLE), 'utf8')).toBe('# stale\n');
    expect(run(['--check', ENV_EXAMPLE], root, () => {})).toBe(1);
    expect(run([ENV_EXAMPLE], root, () => {})).toBe(0);
    expect(readFileSync(join(root, ENV_EXAMPLE), 'utf8')).toBe(renderEnvExample());
    expect(readFileSync(join(root, README), 'utf8')).toBe('# tagwire\n');
  });
});
