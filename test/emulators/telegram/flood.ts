import type { Chat } from 'grammy/types';

/**
 * Telegram's flood limits, as the emulator enforces them. Telegram does not publish exact
 * values; these follow its Bot FAQ ("My bot is hitting limits, how do I avoid this?",
 * https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this) and
 * the Bot API's `allow_paid_broadcast`:
 *
 * - one chat: "avoid sending more than one message per second. We may allow short bursts
 *   that go over this limit, but eventually you'll begin receiving 429 errors": a token
 *   bucket per chat, refilled at 1 a second, holding at most `perChatBurst` (3);
 * - one group: "not able to send more than 20 messages per minute to the same group": at
 *   most 20 in any 60 seconds, no burst. Applied to supergroups and channels too (the FAQ
 *   says group; tagwire paces channels the same way, src/delivery/limits.ts);
 * - overall: "the API will not allow more than 30 messages per second or so": at most 30
 *   in any one second plus a 10% allowance for a short burst (33), and at most 30 a second
 *   on average over any 10 seconds, so a sender may be a little early now and then but
 *   not faster for long;
 * - `allow_paid_broadcast: true` on a send: "allow up to 1000 messages per second,
 *   ignoring broadcasting limits" (Bot API 7.11): that message is held to the same shape
 *   at 1,000 a second instead of 30. A message without it (an edit cannot carry it) is
 *   held to the free ceiling within one second counting every message, paid ones
 *   included: the strict reading, since Telegram does not say; its 10-second average
 *   counts the messages without it (paid ones are what lifts the broadcast limit, so a
 *   paid broadcast does not use up the free rate for ten seconds after). Per-chat limits
 *   apply to paid messages as well: paying lifts only the broadcast limit.
 *
 * Every message the bot sends counts: sendMessage and the other send methods, and edits
 * (editMessageText, editMessageReplyMarkup, ...), which Telegram also floods on; they
 * count toward their chat and toward the overall rate. answerCallbackQuery,
 * answerInlineQuery and reads (getChat, getChatMember, ...) are not messages and do not
 * count. A refused (429) or invalid (400) request is not a message and does not count.
 */

export interface FloodLimits {
  /** Messages a second to one chat, on average. */
  perChatPerSecond: number;
  /** How many may go to one chat at once after a quiet spell (the bucket's size). */
  perChatBurst: number;
  /** Messages to one group, supergroup or channel in any 60 seconds. */
  perGroupPerMinute: number;
  /** Overall messages a second without, and with, allow_paid_broadcast. */
  freePerSecond: number;
  paidPerSecond: number;
  /** Extra messages allowed within one second, as a fraction of the rate (a short burst). */
  burstFraction: number;
  /** The overall rate must hold on average over this many seconds. */
  averageOverSeconds: number;
}

export const TELEGRAM_FLOOD_LIMITS: FloodLimits = {
  perChatPerSecond: 1,
  perChatBurst: 3,
  perGroupPerMinute: 20,
  freePerSecond: 30,
  paidPerSecond: 1000,
  burstFraction: 0.1,
  averageOverSeconds: 10,
};

/** Methods whose success is a message sent (or edited) in a chat. */
export const MESSAGE_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendAudio',
  'sendDocument',
  'sendVideo',
  'sendAnimation',
  'sendVoice',
  'sendVideoNote',
  'sendMediaGroup',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendPoll',
  'sendDice',
  'sendSticker',
  'sendInvoice',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
  'editMessageLiveLocation',
]);

/** Which limit refused a message. */
export type FloodRule = 'chat' | 'group' | 'overall' | 'overall-average';

export interface FloodRefusal {
  rule: FloodRule;
  /** Whole seconds, as Telegram gives `retry_after`. */
  retryAfter: number;
}

interface ChatFlood {
  tokens: number;
  at: number;
  /** Groups: times of the messages of the last minute, oldest first. */
  minute: number[];
}

const MINUTE_MS = 60_000;

/** A sorted list of times with cheap removal from the front. */
class Times {
  private items: number[] = [];
  private head = 0;

  push(t: number): void {
    this.items.push(t);
  }

  dropBefore(t: number): void {
    while (this.head < this.items.length && (this.items[this.head] ?? Infinity) <= t) this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** How many are after `t`. */
  countAfter(t: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.items[mid] ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    return this.items.length - lo;
  }

  /** The `n`-th newest (0: the newest). */
  fromEnd(n: number): number | undefined {
    const i = this.items.length - 1 - n;
    return i >= this.head ? this.items[i] : undefined;
  }
}

export class FloodControl {
  private readonly chats = new Map<number, ChatFlood>();
  private readonly recent = new Times();
  /** Messages sent without allow_paid_broadcast, for the free rate's average. */
  private readonly recentFree = new Times();

  constructor(readonly limits: FloodLimits) {}

  /** Why a message to this chat may not go now, or null when it may. */
  check(chat: Chat, paid: boolean, now: number): FloodRefusal | null {
    const { limits } = this;
    const state = this.chatState(chat.id, now);
    if (state.tokens < 1) {
      return { rule: 'chat', retryAfter: seconds(((1 - state.tokens) / limits.perChatPerSecond) * 1000) };
    }
    if (chat.type !== 'private') {
      while (state.minute.length > 0 && (state.minute[0] ?? 0) <= now - MINUTE_MS) state.minute.shift();
      if (state.minute.length >= limits.perGroupPerMinute) {
        return { rule: 'group', retryAfter: seconds((state.minute[0] ?? now) + MINUTE_MS - now) };
      }
    }
    const rate = paid ? limits.paidPerSecond : limits.freePerSecond;
    const averageMs = limits.averageOverSeconds * 1000;
    this.recent.dropBefore(now - averageMs);
    const inSecond = Math.floor(rate * (1 + limits.burstFraction));
    if (this.recent.countAfter(now - 1000) >= inSecond) {
      // The oldest of the last `inSecond` leaves the window first.
      return { rule: 'overall', retryAfter: seconds((this.recent.fromEnd(inSecond - 1) ?? now) + 1000 - now) };
    }
    const inAverage = Math.floor(rate * limits.averageOverSeconds);
    const averaged = paid ? this.recent : this.recentFree;
    averaged.dropBefore(now - averageMs);
    if (averaged.length >= inAverage) {
      return {
        rule: 'overall-average',
        retryAfter: seconds((averaged.fromEnd(inAverage - 1) ?? now) + averageMs - now),
      };
    }
    return null;
  }

  /** A message went to this chat. */
  record(chat: Chat, paid: boolean, now: number): void {
    const state = this.chatState(chat.id, now);
    state.tokens -= 1;
    if (chat.type !== 'private') state.minute.push(now);
    this.recent.push(now);
    if (!paid) this.recentFree.push(now);
  }

  private chatState(chatId: number, now: number): ChatFlood {
    const { perChatPerSecond: rate, perChatBurst: burst } = this.limits;
    let state = this.chats.get(chatId);
    if (!state) {
      state = { tokens: burst, at: now, minute: [] };
      this.chats.set(chatId, state);
    }
    state.tokens = Math.min(burst, state.tokens + ((now - state.at) / 1000) * rate);
    state.at = now;
    return state;
  }
}

/** Telegram gives whole seconds, at least 1. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
