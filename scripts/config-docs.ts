/**
 * `npm run config-docs`: writes .env.example, and the README's table of variables, from
 * the documentation each variable carries in the schema of src/config.ts.
 *
 *   npm run config-docs                      write both files
 *   npm run config-docs -- .env.example      write only that one (or README.md)
 *   npm run config-docs -- --check           write nothing; exit 1 naming each file that differs
 *
 * In README.md the table goes between the lines <!-- config-table:start --> and
 * <!-- config-table:end -->, which must be there: the rest of the README is written by hand.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_SECTIONS, EnvSchema, envDocs, type ConfigSection, type EnvVarDoc } from '../src/config.ts';

export const ENV_EXAMPLE = '.env.example';
export const README = 'README.md';
export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

/** Comment lines of .env.example are wrapped to this width, "# " included. */
const WIDTH = 90;

export interface DocumentedVariable {
  name: string;
  doc: EnvVarDoc;
}

/** Every variable of the schema with its documentation, section by section, in schema order within one. */
export function documentedVariables(): DocumentedVariable[] {
  const variables = Object.entries(EnvSchema.shape).map(([name, schema]) => {
    const doc = envDocs.get(schema);
    if (doc === undefined)
      throw new Error(`${name} in src/config.ts has no documentation: wrap its schema in documented(…)`);
    return { name, doc };
  });
  const order = Object.keys(CONFIG_SECTIONS);
  return variables.sort((a, b) => order.indexOf(a.doc.section) - order.indexOf(b.doc.section));
}

/** One paragraph: the whitespace of a multi-line template literal collapsed. */
const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Ends a sentence with a period unless it has its own punctuation. */
const sentence = (text: string) => (/[.!?)]$/u.test(text) ? text : `${text}.`);

function envComment({ doc }: DocumentedVariable): string {
  const parts = [sentence(oneLine(doc.doc))];
  if (doc.unset !== undefined) parts.push(`Unset: ${doc.unset}.`);
  if (doc.details !== undefined) parts.push(oneLine(doc.details));
  return parts.join(' ');
}

/** The whole .env.example. */
export function renderEnvExample(variables = documentedVariables()): string {
  const out = [
    '# tagwire configuration. Copy to .env, fill in what you use: every variable is optional.',
    '# The environment wins over .env. A wrong value stops tagwire with a message naming it.',
    '# A value after = is the default; a line "# NAME=value" is an example that sets nothing.',
    '# Written by `npm run config-docs` from src/config.ts: change the descriptions there.',
  ];
  let section: ConfigSection | undefined;
  for (const variable of variables) {
    const { name, doc } = variable;
    if (doc.section !== section) {
      section = doc.section;
      out.push('', `# --- ${CONFIG_SECTIONS[section]} ---`);
    }
    out.push(...wrap(envComment(variable), WIDTH - 2).map((line) => `# ${line}`));
    // A variable shown as NAME=default needs no more; one shown by an example does.
    if (doc.example !== undefined && doc.default !== undefined) out.push(`# Default: ${doc.default}`);
    out.push(doc.example !== undefined ? `# ${name}=${doc.example}` : `${name}=${doc.default ?? ''}`);
  }
  return `${out.join('\n')}\n`;
}

const cell = (text: string) => oneLine(text).replace(/\|/gu, '\\|');

const code = (text: string) => `\`${text}\``;

/** The README's table of variables (markdown, without the markers). */
export function renderConfigTable(variables = documentedVariables()): string {
  const rows = variables.map(({ name, doc }) => {
    const fallback = doc.default !== undefined ? code(doc.default) : (doc.unset ?? '–');
    return `| ${code(name)} | ${cell(fallback)} | ${cell(doc.doc)} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}

/** The README with `table` between its markers; throws, saying so, when the markers are missing or out of order. */
export function spliceTable(readme: string, table: string, file = README): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(TABLE_START);
  const end = lines.indexOf(TABLE_END);
  const once = (marker: string) => lines.filter((line) => line === marker).length === 1;
  if (start < 0 || end < 0 || end < start || !once(TABLE_START) || !once(TABLE_END)) {
    throw new Error(
      `${file}: the configuration table goes between a line "${TABLE_START}" and a later line "${TABLE_END}", ` +
        'each once, and they are not there: add them where the table belongs (under "## Configuration").',
    );
  }
  return [...lines.slice(0, start + 1), ...table.replace(/\n$/u, '').split('\n'), ...lines.slice(end)].join('\n');
}

/** What each target file should hold, from its current text. */
const renderers: Record<string, (current: string) => string> = {
  [ENV_EXAMPLE]: () => renderEnvExample(),
  [README]: (current) => spliceTable(current, renderConfigTable()),
};

/** The command: returns its exit code. `root` is the folder of the files (the repository). */
export function run(args: string[], root: string, log: (line: string) => void = console.error): number {
  const check = args.includes('--check');
  const unknown = args.filter((arg) => arg !== '--check' && !(arg in renderers));
  if (unknown.length > 0) {
    log(`config-docs: unknown argument ${unknown.join(' ')}; use --check and/or ${Object.keys(renderers).join(', ')}`);
    return 2;
  }
  const named = args.filter((arg) => arg in renderers);
  const targets = named.length > 0 ? named : Object.keys(renderers);
  // Everything is rendered before anything is written: a missing marker leaves every file as it was.
  const results: { file: string; current: string | undefined; wanted: string }[] = [];
  let failed = false;
  for (const file of targets) {
    let current: string | undefined;
    try {
      current = readFileSync(join(root, file), 'utf8');
    } catch {
      current = undefined;
    }
    try {
      results.push({ file, current, wanted: renderers[file]!(current ?? '') });
    } catch (err) {
      log(`config-docs: ${(err as Error).message}`);
      failed = true;
    }
  }
  if (failed) return 1;
  const drifted = results.filter((r) => r.current !== r.wanted);
  if (check) {
    for (const { file } of drifted) log(`config-docs: ${file} differs from src/config.ts: run \`npm run config-docs\``);
    return drifted.length > 0 ? 1 : 0;
  }
  for (const { file, wanted } of drifted) {
    writeFileSync(join(root, file), wanted);
    log(`config-docs: wrote ${file}`);
  }
  if (drifted.length === 0) log(`config-docs: ${targets.join(' and ')} already current`);
  return 0;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Whether this file is the program run (tsx scripts/config-docs.ts), not a module imported by a test. */
function invoked(): boolean {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}
if (invoked()) process.exitCode = run(process.argv.slice(2), ROOT);
