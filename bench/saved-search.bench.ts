/**
 * `saved-search`: a new article's matching against saved searches and its fan-out, with
 * 10k and 100k searches across as many chats (10k with --quick). The archive holds 2,000
 * Reuters articles (so the statistics that pick each search's key term are real); each
 * search is one to three words drawn from Reuters headlines, filed under its rarest
 * word as `/watch` files it. Measured per size, the median of RUNS articles (Reuters
 * stories not in the archive): the lookup and verification alone (`match`), and the
 * whole post with its fan-out (`post`), with how many searches were looked up and matched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchingSearches } from '../src/app/saved-searches.ts';
import { loadConfig } from '../src/config.ts';
import { keyTermOf, parseSavedSearch } from '../src/domain/saved-search.ts';
import { STOP_WORDS } from '../src/domain/stopwords.ts';
import { silentLogger } from '../src/logger.ts';
import { openCore } from '../src/runtime.ts';
import { seedFollowers } from '../test/delivery/sink.ts';
import type { BenchOptions, Figure } from './figure.ts';
import { readReuters } from './lib/corpus.ts';
import { importReuters } from './lib/corpus-archive.ts';
import { seededRandom } from './lib/synthetic.ts';

const RUNS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function run(options: BenchOptions): Promise<Figure[]> {
  const corpus = (await readReuters()).filter((a) => a.title !== '' && a.body.length > 200);
  const archive = corpus.slice(0, 2_000);
  const fresh = corpus.slice(2_000, 2_000 + RUNS);
  const random = seededRandom(14);
  const words = [
    ...new Set(
      archive.flatMap((a) =>
        a.title
          .toLowerCase()
          .split(/[^a-z]+/u)
          .filter((w) => w.length > 3 && !STOP_WORDS.has(w)),
      ),
    ),
  ];
  const pick = () => words[Math.floor(random() * words.length)] ?? 'oil';
  const figures: Figure[] = [];
  for (const size of options.quick ? [10_000] : [10_000, 100_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'tagwire-saved-'));
    const handle = await openCore(
      loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent' }),
      silentLogger,
    );
    try {
      await importReuters(handle, archive);
      const stats = await handle.deps.stores.search.statistics();
      const frequency = (term: string) => stats.sampleFrequency.get(term) ?? 0;
      const db = handle.storage.db;
      const now = Date.now();
      // The chats follow a tag no measured article has, so only their searches can reach them.
      const ids = await seedFollowers(db, { count: size, tag: 'Elsewhere', firstChatId: 1_000_000 });
      for (let i = 0; i < ids.length; i += 1_000) {
        await db
          .insertInto('saved_searches')
          .values(
            ids.slice(i, i + 1_000).map((id) => {
              const search = parseSavedSearch(Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join(' '));
              return {
                subscriber_id: id,
                mode: 'follow' as const,
                query: search.text,
                key_term: keyTermOf(search, frequency),
                created_at: now,
              };
            }),
          )
          .execute();
      }
      const match: number[] = [];
      const post: number[] = [];
      const matched: number[] = [];
      for (const [i, a] of fresh.entries()) {
        const article = { title: a.title, body: a.body, tags: ['Reuters'] };
        let started = performance.now();
        matched.push((await matchingSearches(handle.deps.stores, article)).length);
        match.push(performance.now() - started);
        started = performance.now();
        await handle.core.postArticle(
          { ...article, url: `https://bench.example/${size}/${i}` },
          { postedBy: 'bench', notify: true },
        );
        post.push(performance.now() - started);
      }
      const common = { searches: size, articles: fresh.length, matchedMedian: median(matched) };
      figures.push({
        name: `saved-search.match ${size}`,
        value: Math.round(median(match) * 10) / 10,
        unit: 'ms',
        ...common,
      });
      figures.push({
        name: `saved-search.post ${size}`,
        value: Math.round(median(post) * 10) / 10,
        unit: 'ms',
        ...common,
      });
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}
