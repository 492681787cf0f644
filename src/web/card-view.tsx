/** @jsxImportSource hono/jsx */
import type { Child, FC } from 'hono/jsx';
import { parseDOM } from 'htmlparser2';
import type { CardPreview, PreviewEmbed } from '../ports/card-preview.ts';

/*
 * The cards the adapters rendered (CardPreviewer), laid out as the platforms show them.
 * Nothing here decides what a card says: Telegram's card is the HTML its sender sends,
 * read back tag by tag; Discord's is the embed its sender posts. Every text goes through
 * JSX, which escapes it, and only Telegram's own formatting tags become elements.
 */

/** The node shapes htmlparser2 hands back (the parts read here). */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
}

/** Telegram's HTML parse mode, tag by tag: each becomes the element a browser shows the same way. */
const TELEGRAM_TAGS: Readonly<Record<string, string>> = {
  b: 'strong',
  strong: 'strong',
  i: 'em',
  em: 'em',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-spoiler': 'span',
};

const SAFE_HREF = /^https?:\/\//iu;

function telegramNodes(nodes: readonly HtmlNode[]): Child[] {
  return nodes.map((node): Child => {
    if (node.type === 'text') return node.data ?? '';
    if (node.type !== 'tag' || node.name === undefined) return null;
    const inner = telegramNodes(node.children ?? []);
    if (node.name === 'a') {
      const href = node.attribs?.href ?? '';
      return SAFE_HREF.test(href) ? (
        <a href={href} rel="noopener noreferrer">
          {inner}
        </a>
      ) : (
        <>{inner}</>
      );
    }
    if (node.name === 'tg-spoiler' || (node.name === 'span' && node.attribs?.class === 'tg-spoiler'))
      return <span class="spoiler">{inner}</span>;
    const tag = TELEGRAM_TAGS[node.name];
    if (tag === 'strong') return <strong>{inner}</strong>;
    if (tag === 'em') return <em>{inner}</em>;
    if (tag === 'u') return <u>{inner}</u>;
    if (tag === 's') return <s>{inner}</s>;
    if (tag === 'code') return <code>{inner}</code>;
    if (tag === 'pre') return <pre>{inner}</pre>;
    if (tag === 'blockquote') return <blockquote>{inner}</blockquote>;
    // A tag Telegram does not know would be refused by it; here its text shows as it is.
    return <>{inner}</>;
  });
}

/** A message in Telegram's HTML parse mode as Telegram shows it (line breaks kept, by the stylesheet). */
export const TelegramHtml: FC<{ html: string }> = ({ html }) => (
  <div class="tg-text">{telegramNodes(parseDOM(html) as HtmlNode[])}</div>
);

/** A card's buttons, row by row, as labels (they do nothing in a preview). */
const ButtonRows: FC<{ rows: readonly string[][] }> = ({ rows }) =>
  rows.length === 0 ? null : (
    <div class="card-buttons" aria-label="Buttons">
      {rows.map((row) => (
        <div class="card-button-row">
          {row.map((label) => (
            <span class="card-button">{label}</span>
          ))}
        </div>
      ))}
    </div>
  );

/**
 * Where a picture goes, said rather than shown: the page loads no image from elsewhere
 * (its Content-Security-Policy), so the address is a link.
 */
const PictureNote: FC<{ url: string; text: string }> = ({ url, text }) => (
  <p class="muted picture">
    {text}{' '}
    <a href={url} rel="noopener noreferrer">
      {url}
    </a>
  </p>
);

/** "2024-02-23 14:30 UTC": Discord shows the timestamp in each reader's zone; the preview says which one it used. */
function embedTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const EmbedView: FC<{ embed: PreviewEmbed }> = ({ embed }) => (
  // The edge's colour is the stylesheet's (the policy allows no inline style): a card's is always EMBED_COLORS.ok.
  <div class="embed">
    {embed.title === undefined ? null : (
      <p class="embed-title">
        {embed.url === undefined ? (
          embed.title
        ) : (
          <a href={embed.url} rel="noopener noreferrer">
            {embed.title}
          </a>
        )}
      </p>
    )}
    {embed.description === undefined ? null : <p class="embed-description">{embed.description}</p>}
    {embed.fields.map((f) => (
      <div class="embed-field">
        <p class="embed-field-name">{f.name}</p>
        <p>{f.value}</p>
      </div>
    ))}
    {embed.imageUrl === undefined ? null : <PictureNote url={embed.imageUrl} text="Embed image:" />}
    {embed.footer === undefined && embed.timestamp === undefined ? null : (
      <p class="muted embed-footer">
        {[embed.footer, embed.timestamp === undefined ? undefined : embedTime(embed.timestamp)]
          .filter((x) => x !== undefined && x !== '')
          .join(' • ')}
      </p>
    )}
  </div>
);

/** One platform's card. */
export const CardView: FC<{ card: CardPreview }> = ({ card }) =>
  card.platform === 'telegram' ? (
    <section class="card telegram" aria-label="As a Telegram message">
      <h3>Telegram</h3>
      {card.picture === null ? null : (
        <PictureNote
          url={card.picture.url}
          text={
            card.picture.as === 'photo'
              ? 'Sent as a photo, with this card as its caption:'
              : 'Shown as a large link preview above the text (the card is too long for a caption):'
          }
        />
      )}
      <TelegramHtml html={card.html} />
      <ButtonRows rows={card.buttons} />
    </section>
  ) : (
    <section class="card discord" aria-label="As a Discord embed">
      <h3>Discord</h3>
      <EmbedView embed={card.embed} />
      <ButtonRows rows={card.buttons} />
    </section>
  );

/** The cards side by side, or why there are none. */
export const CardsView: FC<{ cards: readonly CardPreview[] }> = ({ cards }) =>
  cards.length === 0 ? (
    <p class="muted">No platform adapter is running here, so there is no card to preview.</p>
  ) : (
    <div class="cards">
      {cards.map((card) => (
        <CardView card={card} />
      ))}
    </div>
  );
