import { RetryLaterError } from '../../src/delivery/errors.ts';
import type { Platform } from '../../src/domain/platform.ts';
import type { Reply } from '../../src/domain/reply.ts';
import { replyText } from '../helpers/reply.ts';
import type { DeliveryMessage, DigestDeliveryMessage, SendResult, Sender } from '../../src/ports/sender.ts';

/**
 * A stand-in platform at the Sender port: it records every send with its time and,
 * like Telegram, enforces an overall rate (at most `overallPerSecond` accepted sends in
 * any window of 1 s) and a per-chat interval, answering 429 (RetryLaterError) past them.
 * A `fault` hook scripts other failures. Used by the fault tests and the deliver-limit
 * benchmark.
 */
export interface SinkOptions {
  platform?: Platform;
  overallPerSecond?: number;
  /** The window `overallPerSecond` is counted in, in ms; 1000 unless a test allows for its machine's jitter. */
  overallWindowMs?: number;
  perChatIntervalMs?: number;
  /** retry_after the sink answers with, in ms. */
  retryAfterMs?: number;
  now?: () => number;
  /** Called before each send is judged; return an error to throw it instead. `n` counts calls from 1. */
  fault?: (message: DeliveryMessage | DigestDeliveryMessage, n: number) => Error | null;
  /** Characters a digest page may have (its text, spans joined); default 4000. */
  digestPageChars?: number;
}

export interface SinkDigest {
  chatId: string;
  deliveryId: number;
  pageNumber: number;
  pages: number;
  text: string;
  at: number;
}

export interface SinkCall {
  chatId: string;
  article: string;
  deliveryId: number;
  at: number;
  outcome: 'sent' | 'rate-limited' | 'fault';
}

export class RecordingSink implements Sender {
  readonly platform: Platform;
  readonly calls: SinkCall[] = [];
  /** Accepted sends per chat, as article public ids, in arrival order. */
  readonly received = new Map<string, string[]>();
  private readonly accepted: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  private n = 0;

  constructor(private readonly options: SinkOptions = {}) {
    this.platform = options.platform ?? 'telegram';
  }

  private now(): number {
    return (this.options.now ?? (() => performance.timeOrigin + performance.now()))();
  }

  /** Digest pages accepted, in arrival order. */
  readonly digests: SinkDigest[] = [];

  async send(message: DeliveryMessage): Promise<SendResult> {
    const result = this.judge(message, message.article.publicId);
    this.received.set(message.subscriber.chatId, [
      ...(this.received.get(message.subscriber.chatId) ?? []),
      message.article.publicId,
    ]);
    return result;
  }

  async sendDigest(message: DigestDeliveryMessage): Promise<SendResult> {
    const result = this.judge(message, `digest ${message.pageNumber}/${message.pages}`);
    const { chatId } = message.subscriber;
    this.digests.push({
      chatId,
      deliveryId: message.deliveryId,
      pageNumber: message.pageNumber,
      pages: message.pages,
      text: replyText(message.page),
      at: this.now(),
    });
    return result;
  }

  fits(reply: Reply): boolean {
    return replyText(reply).length <= (this.options.digestPageChars ?? 4000);
  }

  /** Records the call, applies the fault hook and the rate limits, and accepts or throws. */
  private judge(message: DeliveryMessage | DigestDeliveryMessage, label: string): SendResult {
    const at = this.now();
    const chatId = message.subscriber.chatId;
    const call: SinkCall = { chatId, article: label, deliveryId: message.deliveryId, at, outcome: 'sent' };
    this.calls.push(call);
    const fault = this.options.fault?.(message, ++this.n) ?? null;
    if (fault) {
      call.outcome = fault instanceof RetryLaterError ? 'rate-limited' : 'fault';
      throw fault;
    }
    const { overallPerSecond, perChatIntervalMs } = this.options;
    const retryAfter = this.options.retryAfterMs ?? 1000;
    const tooFast = overallPerSecond !== undefined && this.inLastSecond(at) >= overallPerSecond;
    const last = this.lastByChat.get(chatId);
    const chatTooSoon = perChatIntervalMs !== undefined && last !== undefined && at - last < perChatIntervalMs;
    if (tooFast || chatTooSoon) {
      call.outcome = 'rate-limited';
      throw new RetryLaterError(retryAfter);
    }
    this.accepted.push(at);
    this.lastByChat.set(chatId, at);
    return { messageId: `m${this.accepted.length}` };
  }

  private inLastSecond(at: number): number {
    const windowMs = this.options.overallWindowMs ?? 1000;
    let count = 0;
    for (let i = this.accepted.length - 1; i >= 0 && at - (this.accepted[i] ?? 0) < windowMs; i--) count++;
    return count;
  }

  count(outcome: SinkCall['outcome']): number {
    return this.calls.filter((c) => c.outcome === outcome).length;
  }

  /** The most calls (all outcomes: what the platform saw) inside any window of `windowMs`. */
  maxInWindow(windowMs = 1000, outcome?: SinkCall['outcome']): number {
    const times = this.calls
      .filter((c) => outcome === undefined || c.outcome === outcome)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
}

/** Subscribers and follows straight into the database: many chats in one statement. */
export async function seedFollowers(
  db: import('kysely').Kysely<import('../../src/storage/schema.ts').Database>,
  options: {
    count: number;
    tag: string;
    platform?: Platform;
    kind?: 'user' | 'group' | 'channel';
    firstChatId?: number;
    now?: number;
  },
): Promise<number[]> {
  const now = options.now ?? Date.now();
  const platform = options.platform ?? 'telegram';
  const tag = await db
    .insertInto('tags')
    .values({ key: options.tag.toLowerCase(), name: options.tag, created_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ name: options.tag }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  const first = options.firstChatId ?? 1_000_000;
  for (let i = 0; i < options.count; i += 500) {
    const rows = Array.from({ length: Math.min(500, options.count - i) }, (_, k) => ({
      platform,
      chat_id: String(first + i + k),
      kind: options.kind ?? 'user',
      title: null,
      parent_id: null,
      status_reason: null,
      status_changed_at: null,
      notice: null,
      created_at: now,
      updated_at: now,
    }));
    const inserted = await db.insertInto('subscribers').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
    await db
      .insertInto('follows')
      .values(
        inserted.map((r) => ({
          subscriber_id: r.id,
          tag_id: tag.id,
          mode: 'follow' as const,
          mention_role_id: null,
          created_at: now,
        })),
      )
      .execute();
  }
  return ids;
}
