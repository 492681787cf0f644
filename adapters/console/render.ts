import {
  articleLanguageLabel,
  asHashtag,
  DEFAULT_LOCALE,
  formatDate,
  type ArticleView,
  type Block,
  type Locale,
  type Button,
  type Reply,
  type Span,
} from '../../src/index.ts';

/** Renders Replies as terminal text: ANSI bold and italics on a terminal, plain text in a pipe. */
export interface TextStyle {
  ansi: boolean;
}

const BOLD = (s: string) => `\u001b[1m${s}\u001b[22m`;
const ITALIC = (s: string) => `\u001b[3m${s}\u001b[23m`;

/** Strips terminal control sequences and other controls from text we did not write. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/gu, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu, '');
}

function spans(list: readonly Span[], style: TextStyle): string {
  return list
    .map((s) => {
      let text = clean(s.text);
      if (s.code) text = style.ansi ? text : text;
      if (s.bold && style.ansi) text = BOLD(text);
      if (s.italic && style.ansi) text = ITALIC(text);
      if (s.url) text = `${text} <${clean(s.url)}>`;
      return text;
    })
    .join('');
}

/** Date and source; for an article shown in full, its language too. */
function meta(article: ArticleView, locale?: Locale, full = false): string {
  const date = formatDate(article.publishedAt ?? article.createdAt, locale);
  const language = full ? articleLanguageLabel(article.language, locale ?? DEFAULT_LOCALE) : null;
  return [date, article.source, language]
    .filter((x) => x)
    .map((x) => clean(String(x)))
    .join(' · ');
}

export function renderArticleCard(article: ArticleView, style: TextStyle, body?: string, locale?: Locale): string {
  const title = clean(article.title);
  const lines = [style.ansi ? BOLD(title) : title, meta(article, locale, body !== undefined)];
  const text = clean(body !== undefined && body !== '' ? body : article.summary);
  if (text !== '') lines.push(text);
  if (article.url) lines.push(clean(article.url));
  if (article.imageUrl) lines.push(`🖼 ${clean(article.imageUrl)}`);
  lines.push(`${article.tags.map((t) => clean(asHashtag(t))).join(' ')}  · id ${article.publicId}`);
  return lines.join('\n');
}

function block(b: Block, style: TextStyle, locale?: Locale): string {
  switch (b.kind) {
    case 'paragraph':
      return spans(b.spans, style);
    case 'list':
      return b.items.map((item) => `  • ${spans(item, style)}`).join('\n');
    case 'result': {
      const title = clean(b.article.title);
      return `${b.rank}. ${style.ansi ? BOLD(title) : title}  [${b.article.publicId}] ${meta(b.article, locale)}\n   ${spans(b.snippet, style)}`;
    }
    case 'article':
      return renderArticleCard(b.article, style, b.body, locale);
  }
}

/** Buttons become numbered choices: typing the number presses the button. */
export function renderButtons(buttons: readonly Button[][], style: TextStyle): string {
  const flat = buttons.flat();
  if (flat.length === 0) return '';
  return flat.map((b, i) => `[${i + 1}] ${clean(b.label)}`).join('  ') + (style.ansi ? '' : '');
}

export function renderReply(reply: Reply, style: TextStyle): string {
  const text = reply.blocks.map((b) => block(b, style, reply.locale)).join('\n');
  const buttons = renderButtons(reply.buttons, style);
  return buttons === '' ? text : `${text}\n${buttons}`;
}
