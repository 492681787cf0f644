/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { ArticleView, Block, Reply, Span } from '../domain/reply.ts';
import { HIT_END, HIT_START } from '../domain/tokenize.ts';
import { asHashtag } from '../domain/tags.ts';
import { utc } from './layout.tsx';

/*
 * The core's Replies and article views as HTML. Every string is text: the JSX runtime
 * escapes it, so a hostile title stays a title.
 */

const SpanView: FC<{ span: Span }> = ({ span }) => {
  let node = <>{span.text}</>;
  if (span.code) node = <code>{node}</code>;
  if (span.italic) node = <em>{node}</em>;
  if (span.bold) node = <strong>{node}</strong>;
  return span.url ? (
    <a href={span.url} rel="noopener noreferrer">
      {node}
    </a>
  ) : (
    node
  );
};

export const Spans: FC<{ spans: readonly Span[] }> = ({ spans }) => (
  <>
    {spans.map((s) => (
      <SpanView span={s} />
    ))}
  </>
);

/** A search snippet: the matched words (between HIT_START and HIT_END) marked. */
export const Snippet: FC<{ text: string }> = ({ text }) => {
  const parts: (string | { hit: string })[] = [];
  let rest = text;
  while (rest !== '') {
    const start = rest.indexOf(HIT_START);
    if (start < 0) {
      parts.push(rest);
      break;
    }
    const end = rest.indexOf(HIT_END, start);
    parts.push(rest.slice(0, start));
    parts.push({ hit: rest.slice(start + 1, end < 0 ? undefined : end) });
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return <>{parts.map((p) => (typeof p === 'string' ? p : <mark>{p.hit}</mark>))}</>;
};

export const Tags: FC<{ tags: readonly string[] }> = ({ tags }) => (
  <span class="tags">
    {tags.map((t) => (
      <a class="tag" href={`/admin/archive?q=${encodeURIComponent(`tag:"${t}"`)}`}>
        {asHashtag(t)}
      </a>
    ))}
  </span>
);

/** An article as a line of a list: title (to its page), date, id, tags. */
export const ArticleLine: FC<{ article: ArticleView; snippet?: string }> = ({ article, snippet }) => (
  <li class="article-line">
    <a class="title" href={`/admin/articles/${article.publicId}`}>
      {article.title}
    </a>
    <div class="meta">
      <span>{utc(article.publishedAt ?? article.createdAt)}</span> · <code>{article.publicId}</code>
      {article.source ? ` · ${article.source}` : ''} <Tags tags={article.tags} />
    </div>
    {snippet ? (
      <p class="snippet">
        <Snippet text={snippet} />
      </p>
    ) : null}
  </li>
);

const BlockView: FC<{ block: Block }> = ({ block }) => {
  switch (block.kind) {
    case 'paragraph':
      return (
        <p>
          <Spans spans={block.spans} />
        </p>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((item) => (
            <li>
              <Spans spans={item} />
            </li>
          ))}
        </ul>
      );
    case 'result':
      return (
        <ul class="articles">
          <ArticleLine article={block.article} />
        </ul>
      );
    case 'article':
      return (
        <div>
          <p>
            <strong>{block.article.title}</strong>
          </p>
          <p>{block.body ?? block.article.summary}</p>
        </div>
      );
  }
};

/** A command's Reply (for the commands the newsroom runs through the core, such as /rename). */
export const ReplyView: FC<{ reply: Reply }> = ({ reply }) => (
  <div
    class={`notice notice-${reply.status === 'ok' ? 'ok' : 'error'}`}
    role={reply.status === 'ok' ? 'status' : 'alert'}
  >
    {reply.blocks.map((b) => (
      <BlockView block={b} />
    ))}
  </div>
);
