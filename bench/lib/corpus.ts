/**
 * Reads Reuters-21578 (see ../shared/data/README.md) straight from the shared data folder.
 * The data is for evaluation and benchmarks only: it is read at run time and never
 * copied into the repository.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

export type ReutersSplit = 'train' | 'test' | 'unused';

export interface ReutersArticle {
  id: string;
  title: string;
  body: string;
  /** ISO 8601 as on the wire; one malformed value is kept raw. */
  date: string;
  topics: string[];
  places: string[];
  orgs: string[];
  people: string[];
  split: ReutersSplit;
}

/** Where the archive is looked for: REUTERS_PATH, else ../shared/data next to the project. */
export function reutersPath(): string {
  const fromEnv = process.env.REUTERS_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return fileURLToPath(new URL('../../../shared/data/reuters21578.jsonl.gz', import.meta.url));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function parseLine(line: string): ReutersArticle {
  const raw = JSON.parse(line) as Record<string, unknown>;
  const split = raw.split === 'train' || raw.split === 'test' ? raw.split : 'unused';
  return {
    id: String(raw.id),
    title: typeof raw.title === 'string' ? raw.title : '',
    body: typeof raw.body === 'string' ? raw.body : '',
    date: typeof raw.date === 'string' ? raw.date : '',
    topics: strings(raw.topics),
    places: strings(raw.places),
    orgs: strings(raw.orgs),
    people: strings(raw.people),
    split,
  };
}

/** Every article, in file order. Throws a clear error when the archive is missing. */
export async function readReuters(path = reutersPath()): Promise<ReutersArticle[]> {
  if (!existsSync(path)) {
    throw new Error(`Reuters-21578 not found at ${path}; set REUTERS_PATH to reuters21578.jsonl.gz`);
  }
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  const articles: ReutersArticle[] = [];
  for await (const line of lines) {
    if (line.trim() !== '') articles.push(parseLine(line));
  }
  return articles;
}

/** The headline, or for an unprocessed item (no headline) its first body line, as the wire showed it. */
export function wireTitle(article: ReutersArticle): string {
  const title = article.title.trim();
  if (title !== '') return title;
  const first = article.body
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return first ?? '';
}
