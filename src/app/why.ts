import { msg, UserInputError } from '../domain/errors.ts';
import { isPlatform, PLATFORMS, type Platform } from '../domain/platform.ts';
import { asHashtag } from '../domain/tags.ts';
import { DEFAULT_LOCALE, translator, type Locale, type Translate } from '../i18n/index.ts';
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
      msg('err-not-a-subscriber', { text: trimmed.slice(0, 40), platforms: PLATFORMS.join(', ') }),
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
  /** One sentence for people, in the language asked for (English by default). */
  summary: string;
  /** Supporting facts, one per line, in that language. */
  details: string[];
  subscriber: { ref: string; status: string; statusReason: string | null } | null;
  article: { publicId: string; title: string };
  matchedTags: string[];
  mutedTags: string[];
  delivery: DeliveryListing | null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/u, 'Z');

/** "paused (missing-permissions)": the chat's status in the language, with the stored reason as recorded. */
const stateOf = (t: Translate, sub: SubscriberRow): string =>
  `${t('why-status', { status: sub.status })}${sub.status_reason ? ` (${sub.status_reason})` : ''}`;

function fromRow(
  row: DeliveryListing,
  sub: SubscriberRow,
  t: Translate,
): Pick<DeliveryExplanation, 'verdict' | 'summary'> {
  switch (row.status) {
    case 'sent': {
      const at = iso(row.sentAt ?? row.updatedAt);
      return {
        verdict: 'sent',
        summary: row.messageId === null ? t('why-sent-no-id', { at }) : t('why-sent', { at, message: row.messageId }),
      };
    }
    case 'sending':
      return { verdict: 'sending', summary: t('why-sending', { until: iso(row.leaseUntil ?? row.updatedAt) }) };
    case 'queued':
      if (sub.status !== 'active')
        return {
          verdict: sub.status === 'paused' ? 'paused' : 'deactivated',
          summary: t('why-queued-held', { state: stateOf(t, sub) }),
        };
      return {
        verdict: 'queued',
        summary:
          row.attempts > 0
            ? t('why-queued-retry', { at: iso(row.nextAttemptAt), attempts: row.attempts })
            : t('why-queued', { at: iso(row.nextAttemptAt) }),
      };
    case 'failed':
      return {
        verdict: 'failed',
        summary: t('why-failed', { attempts: row.attempts, error: row.lastError ?? t('why-no-reason') }),
      };
    case 'skipped':
      return {
        verdict: 'skipped',
        summary: row.lastError === null ? t('why-skipped-no-reason') : t('why-skipped', { reason: row.lastError }),
      };
    case 'held':
      return { verdict: 'held', summary: t('why-held', { at: iso(row.nextAttemptAt) }) };
    case 'deferred':
      return { verdict: 'deferred', summary: t('why-deferred', { at: iso(row.nextAttemptAt) }) };
  }
}

/**
 * Explains one article's delivery to one chat (`tagwire why`, `/why`): from the outbox
 * row when there is one, else from the chat's status, its follows and saved searches, and
 * the article's tags and words. Follows and searches are as they are now; they may have
 * changed since the article was posted. The sentences are in `options.locale` (English
 * when none: the CLI, the newsroom); the verdict stays its token, whatever the language.
 * Stored texts (error reasons, status reasons, titles, queries) are shown as recorded.
 */
export async function explainDelivery(
  stores: Stores,
  ref: SubscriberRef,
  article: ArticleRow,
  options: { retentionDays: number; now: number; locale?: Locale },
): Promise<DeliveryExplanation> {
  const t = translator(options.locale ?? DEFAULT_LOCALE);
  const [view] = await stores.articles.views([article]);
  const articleInfo = { publicId: article.public_id, title: article.title };
  const base = { article: articleInfo, matchedTags: [] as string[], mutedTags: [] as string[], delivery: null };
  const sub = await stores.subscribers.find(ref.platform, ref.chatId);
  if (!sub) {
    return {
      ...base,
      verdict: 'unknown-subscriber',
      subscriber: null,
      summary: t('why-unknown-chat', { chat: formatSubscriberRef(ref) }),
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
  const state = stateOf(t, sub);
  const details = [
    t('why-article', {
      id: article.public_id,
      title: article.title,
      at: iso(Number(article.created_at)),
      by: article.posted_by,
      tags: tagList(view?.tags ?? []) || t('why-no-tags'),
    }),
    sub.status_changed_at
      ? t('why-chat-since', { chat: subscriber.ref, state, since: iso(Number(sub.status_changed_at)) })
      : t('why-chat', { chat: subscriber.ref, state }),
    matchedTags.length > 0 ? t('why-follows', { tags: tagList(matchedTags) }) : t('why-follows-none'),
  ];
  if (mutedTags.length > 0) details.push(t('why-mutes', { tags: tagList(mutedTags) }));
  const searches = (
    await matchingSearches(stores, { title: article.title, body: article.body, tags: view?.tags ?? [] })
  ).filter((r) => r.subscriberId === sub.id);
  const quoted = (mode: 'follow' | 'mute') =>
    searches
      .filter((r) => r.mode === mode)
      .map((r) => t('why-quoted', { text: r.query }))
      .join(', ');
  const followedSearches = quoted('follow');
  const mutedWords = quoted('mute');
  if (followedSearches !== '') details.push(t('why-follows-search', { searches: followedSearches }));
  if (mutedWords !== '') details.push(t('why-mutes-words', { words: mutedWords }));
  const row = await stores.outbox.find(sub.id, article.id);
  if (row) {
    const facts = {
      row: String(row.id),
      status: t('why-row-status', { status: row.status }),
      attempts: row.attempts,
      at: iso(row.updatedAt),
    };
    details.push(row.lastError ? t('why-outbox-error', { ...facts, error: row.lastError }) : t('why-outbox', facts));
    // A correction of the delivered card: its edit (or delete) and how it went.
    const update = await stores.cardUpdates.forDelivery(row.id);
    if (update)
      details.push(t('why-card-update', { op: update.op, status: update.status, error: update.lastError ?? '' }));
    return { ...base, ...fromRow(row, sub, t), subscriber, matchedTags, mutedTags, delivery: row, details };
  }
  const common = { ...base, subscriber, matchedTags, mutedTags, details };
  if (sub.status !== 'active') {
    return {
      ...common,
      verdict: sub.status === 'paused' ? 'paused' : 'deactivated',
      summary: t('why-not-delivered', { state }),
    };
  }
  if (mutedTags.length > 0)
    return { ...common, verdict: 'muted', summary: t('why-not-delivered-muted', { tags: tagList(mutedTags) }) };
  if (mutedWords !== '')
    return { ...common, verdict: 'muted', summary: t('why-not-delivered-words', { words: mutedWords }) };
  if (matchedTags.length === 0 && followedSearches === '')
    return { ...common, verdict: 'not-matched', summary: t('why-not-matched') };
  const prunedBefore = options.now - options.retentionDays * 24 * 60 * 60 * 1000;
  const cause =
    Number(article.created_at) < prunedBefore ? 'retention' : article.posted_by === 'import' ? 'import' : 'late';
  return {
    ...common,
    verdict: 'not-enqueued',
    summary: t('why-not-enqueued', { cause, days: options.retentionDays }),
  };
}
