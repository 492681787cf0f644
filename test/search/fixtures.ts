import type { Block, Reply, Span } from '../../src/domain/reply.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { consoleCtx } from '../helpers/reply.ts';

export interface FixtureArticle {
  id: string;
  title: string;
  body?: string;
  tags: string[];
  /** ISO date; the default spreads articles a day apart in input order. */
  date?: string;
}

/** Posts articles quietly (no deliveries), each with its import id; returns import id → public id. */
export async function postAll(handle: CoreHandle, articles: readonly FixtureArticle[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, a] of articles.entries()) {
    const date = a.date ?? new Date(Date.UTC(2024, 0, 1 + i)).toISOString();
    const result = await handle.core.postArticle(
      { externalId: a.id, title: a.title, body: a.body ?? '', tags: a.tags, publishedAt: date },
      { postedBy: 'test', notify: false },
    );
    ids.set(a.id, result.article.publicId);
  }
  return ids;
}

/** Runs a chat command as the console's local admin. */
export const command = (handle: CoreHandle, text: string): Promise<Reply> =>
  handle.core.handleCommand(consoleCtx, text);

type ResultBlock = Extract<Block, { kind: 'result' }>;

/** The result blocks of a reply, in order. */
export const results = (reply: Reply): ResultBlock[] =>
  reply.blocks.filter((b): b is ResultBlock => b.kind === 'result');

/** Import ids of a reply's results, in order (mapped back from public ids). */
export function resultIds(reply: Reply, ids: ReadonlyMap<string, string>): string[] {
  const byPublic = new Map([...ids].map(([external, publicId]) => [publicId, external]));
  return results(reply).map((r) => byPublic.get(r.article.publicId) ?? r.article.publicId);
}

/** The bold parts of a snippet. */
export const boldWords = (spans: readonly Span[]): string[] => spans.filter((s) => s.bold).map((s) => s.text);

/** Every paragraph of a reply as text. */
export const paragraphs = (reply: Reply): string[] =>
  reply.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.spans.map((s) => s.text).join('')] : []));
