import { UserInputError } from '../domain/errors.ts';
import { isPlatform, PLATFORMS, type Platform } from '../domain/platform.ts';
import { asHashtag } from '../domain/tags.ts';
import type { DeliveryListing } from '../storage/outbox-store.ts';
import type { ArticleRow, SubscriberRow } from '../storage/schema.ts';
import type { Stores } from '../storage/stores.ts';
import { matchingSearches } from './saved-searches.ts';

/**
 * A subscriber as admins name it: `PLATFORM:CHAT_ID`, the platform's own chat id
 * (`telegram:12345`, `telegram:-1001234567890` for a group, `discord:112233445566778899`
 * for a channel). `console` alone means the local console chat.
 */
export interface SubscriberRef {
  platform: Platform;
  chatId: string;
}

export const SUBSCRIBER_REF_EXAMPLE = 'telegram:12345';
/** The console adapter's one chat (adapters/console: CONSOLE_CHAT_ID). */
const CONSOLE_CHAT = 'local';

export function parseSubscriberRef(text: string): SubscriberRef {
  const trimmed = text.trim();
  if (trimmed === 'console') return { platform: 'console', chatId: CONSOLE_CHAT };
  const m = /^([a-z]+):(\S+)$/u.exec(trimmed);
  if (!m?.[1] || !m[2] || !isPlatform(m[1])) {
    throw new UserInputError(
      `"${trimmed.slice(0, 40)}" is not a subscriber. Name one as PLATFORM:CHAT_ID, PLATFORM one of ${PLATFORMS.join(', ')}.`,
      SUBSCRIBER_REF_EXAMPLE,
    );
  }
  return { platform: m[1], chatId: m[2] };
}

export function formatSubscriberRef(ref: SubscriberRef): string {
  return `${ref.platform}:${ref.chatId}`;
}

/** Why an article did or did not reach a chat, most decisive fact first. */
export type WhyVerdict =
  | 'sent'
  | 'sending'
  | 'queued'
  | 'failed'
  | 'skipped'
  | 'held'
  | 'deferred'
  | 'unknown-subscriber'
  | 'deactivated'
  | 'paused'
  | 'muted'
  | 'not-matched'
  | 'not-enqueued';

export interface DeliveryExplanation {
  verdict: WhyVerdict;
  /** One sentence for people. */
  summary: string;
  /** Supporting facts, one per line. */
  details: string[];
  subscriber: { ref: string; status: string; statusReason: string | null } | null;
  article: { publicId: string; title: string };
  matchedTags: string[];
  mutedTags: string[];
  delivery: DeliveryListing | null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/u, 'Z');

function fromRow(row: DeliveryListing, sub: SubscriberRow): Pick<DeliveryExplanation, 'verdict' | 'summary'> {
  switch (row.status) {
    case 'sent':
      return {
        verdict: 'sent',
        summary: `Sent at ${iso(row.sentAt ?? row.updatedAt)} as message ${row.messageId ?? '(no id)'}.`,
      };
    case 'sending':
      return {
        verdict: 'sending',
        summary: `Being sent now (claimed by the worker until ${iso(row.leaseUntil ?? row.updatedAt)}).`,
      };
    case 'queued':
      if (sub.status !== 'active')
        return {
          verdict: sub.status === 'paused' ? 'paused' : 'deactivated',
          summary: `Queued, but held: the chat is ${sub.status}${sub.status_reason ? ` (${sub.status_reason})` : ''}.`,
        };
      return {
        verdict: 'queued',
        summary: `Queued: next attempt at ${iso(row.nextAttemptAt)}${row.attempts > 0 ? ` after ${row.attempts} failed attempt(s)` : ''}.`,
      };
    case 'failed':
      return {
        verdict: 'failed',
        summary: `Failed after ${row.attempts} attempt(s): ${row.lastError ?? 'no reason recorded'}.`,
      };
    case 'skipped':
      return { verdict: 'skipped', summary: `Not sent: ${row.lastError ?? 'skipped'}.` };
    case 'held':
      return { verdict: 'held', summary: `Waiting for the chat's digest, due at ${iso(row.nextAttemptAt)}.` };
    case 'deferred':
      return {
        verdict: 'deferred',
        summary: `Waiting for the chat's quiet hours to end at ${iso(row.nextAttemptAt)}.`,
      };
  }
}

/**
 * Explains one article's delivery to one chat (`tagwire why`, `/why`): from the outbox
 * row when there is one, else from the chat's status, its follows and saved searches, and
 * the article's tags and words. Follows and searches are as they are now; they may have
 * changed since the article was posted.
 */
export async function explainDelivery(
  stores: Stores,
  ref: SubscriberRef,
  article: ArticleRow,
  options: { retentionDays: number; now: number },
): Promise<DeliveryExplanation> {
  const [view] = await stores.articles.views([article]);
  const articleInfo = { publicId: article.public_id, title: article.title };
  const base = { article: articleInfo, matchedTags: [] as string[], mutedTags: [] as string[], delivery: null };
  const sub = await stores.subscribers.find(ref.platform, ref.chatId);
  if (!sub) {
    return {
      ...base,
      verdict: 'unknown-subscriber',
      subscriber: null,
      summary: `No chat ${formatSubscriberRef(ref)} has ever used the bot.`,
      details: [],
    };
  }
  const subscriber = { ref: formatSubscriberRef(ref), status: sub.status, statusReason: sub.status_reason };
  const tagIds = await stores.articles.tagIds(article.id);
  const names = new Map(tagIds.map((id, i) => [id, view?.tags[i] ?? String(id)]));
  const follows = (await stores.subscribers.follows(sub.id)).filter((f) => names.has(f.tagId));
  const matchedTags = follows.filter((f) => f.mode === 'follow').map((f) => names.get(f.tagId) ?? '');
  const mutedTags = follows.filter((f) => f.mode === 'mute').map((f) => names.get(f.tagId) ?? '');
  const tagList = (tags: string[]) => tags.map(asHashtag).join(' ');
  const details = [
    `Article ${article.public_id} "${article.title}", posted ${iso(Number(article.created_at))} by ${article.posted_by}, tags ${tagList(view?.tags ?? []) || '(none)'}.`,
    `Chat ${subscriber.ref} is ${sub.status}${sub.status_reason ? ` (${sub.status_reason})` : ''}${sub.status_changed_at ? ` since ${iso(Number(sub.status_changed_at))}` : ''}.`,
    matchedTags.length > 0 ? `It follows ${tagList(matchedTags)}.` : "It follows none of the article's tags now.",
  ];
  if (mutedTags.length > 0) details.push(`It mutes ${tagList(mutedTags)}.`);
  const searches = (
    await matchingSearches(stores, { title: article.title, body: article.body, tags: view?.tags ?? [] })
  ).filter((r) => r.subscriberId === sub.id);
  const followedSearches = searches.filter((r) => r.mode === 'follow').map((r) => `“${r.query}”`);
  const mutedWords = searches.filter((r) => r.mode === 'mute').map((r) => `“${r.query}”`);
  if (followedSearches.length > 0)
    details.push(`It follows the search ${followedSearches.join(', ')}, which the article matches.`);
  if (mutedWords.length > 0) details.push(`It mutes the words ${mutedWords.join(', ')}, which the article contains.`);
  const row = await stores.outbox.find(sub.id, article.id);
  if (row) {
    details.push(
      `Outbox row ${row.id}: ${row.status}, ${row.attempts} attempt(s), last change ${iso(row.updatedAt)}${row.lastError ? `, last error: ${row.lastError}` : ''}.`,
    );
    return { ...base, ...fromRow(row, sub), subscriber, matchedTags, mutedTags, delivery: row, details };
  }
  const common = { ...base, subscriber, matchedTags, mutedTags, details };
  if (sub.status !== 'active') {
    return {
      ...common,
      verdict: sub.status === 'paused' ? 'paused' : 'deactivated',
      summary: `Not delivered: the chat is ${sub.status}${sub.status_reason ? ` (${sub.status_reason})` : ''}.`,
    };
  }
  if (mutedTags.length > 0)
    return { ...common, verdict: 'muted', summary: `Not delivered: the chat mutes ${tagList(mutedTags)}.` };
  if (mutedWords.length > 0)
    return {
      ...common,
      verdict: 'muted',
      summary: `Not delivered: the chat mutes the words ${mutedWords.join(', ')}.`,
    };
  if (matchedTags.length === 0 && followedSearches.length === 0)
    return {
      ...common,
      verdict: 'not-matched',
      summary: "Not delivered: the chat follows none of the article's tags, and none of its searches matches it.",
    };
  const prunedBefore = options.now - options.retentionDays * 24 * 60 * 60 * 1000;
  const hint =
    Number(article.created_at) < prunedBefore
      ? `the article is older than DELIVERY_RETENTION_DAYS (${options.retentionDays}), so a sent row may have been pruned`
      : article.posted_by === 'import'
        ? 'it was imported without --notify'
        : 'the chat followed the tags after the article was posted';
  return {
    ...common,
    verdict: 'not-enqueued',
    summary: `No delivery was enqueued for this chat; most likely ${hint}.`,
  };
}
