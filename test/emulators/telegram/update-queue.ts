import type { ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { apiErrors } from './api-errors.ts';
import type { Payload } from './methods.ts';
import type { World } from './world.ts';

/**
 * getUpdates as Telegram serves it: updates wait in a queue until the bot confirms
 * them (a later call with a higher `offset`); a call with `timeout` is held until an
 * update arrives or the time passes; a second poll ends the first with 409; updates of
 * types the bot did not ask for (`allowed_updates`, remembered) are dropped; and no
 * polling at all while a webhook is set.
 */

interface Waiter {
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
  answer(result: unknown): void;
}

/** Update types Telegram sends when a bot never chose (allowed_updates empty or unset). */
const DEFAULT_UPDATE_TYPES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'my_chat_member',
];

export class UpdateQueue {
  private readonly queue: Update[] = [];
  private waiter: Waiter | null = null;
  private nextUpdateId = 1;

  constructor(private readonly world: World) {}

  /** Queues an update (update_id assigned) and wakes a waiting poll. */
  push(update: Omit<Update, 'update_id'>): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    this.queue.push(full);
    this.wakePoll();
    return full;
  }

  unconfirmed(): Update[] {
    return [...this.queue];
  }

  dropAll(): void {
    this.queue.length = 0;
  }

  /** Ends a waiting poll with no updates (the emulator is stopping). */
  endPoll(): void {
    if (this.waiter) this.finishPoll(this.waiter, []);
  }

  poll(payload: Payload, res: ServerResponse, answer: (result: unknown) => void): void {
    if (this.world.webhook)
      return answer(
        apiErrors.conflict(
          "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        ),
      );
    const offset = Number(payload.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(payload.limit ?? 100)));
    const timeout = Math.max(0, Number(payload.timeout ?? 0));
    if (Array.isArray(payload.allowed_updates))
      this.world.allowedUpdates = payload.allowed_updates.length > 0 ? (payload.allowed_updates as string[]) : null;
    if (offset > 0) this.confirm(offset);
    if (this.waiter) {
      // Telegram ends the older long poll when another starts.
      const older = this.waiter;
      this.waiter = null;
      clearTimeout(older.timer);
      older.answer(
        apiErrors.conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
      );
    }
    const ready = this.pending(offset, limit);
    if (ready.length > 0 || timeout === 0) return answer({ ok: true, result: ready });
    const waiter: Waiter = {
      offset,
      limit,
      timer: setTimeout(() => this.finishPoll(waiter, []), timeout * 1000),
      answer,
    };
    this.waiter = waiter;
    res.once('close', () => {
      if (this.waiter === waiter) {
        clearTimeout(waiter.timer);
        this.waiter = null;
      }
    });
  }

  private finishPoll(waiter: Waiter, updates: Update[]): void {
    if (this.waiter !== waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.answer({ ok: true, result: updates });
  }

  private wakePoll(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const ready = this.pending(waiter.offset, waiter.limit);
    if (ready.length > 0) this.finishPoll(waiter, ready);
  }

  /** Updates from `offset` on that the bot asked for; updates of other types are dropped. */
  private pending(offset: number, limit: number): Update[] {
    const allowed = this.world.allowedUpdates ?? DEFAULT_UPDATE_TYPES;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const update = this.queue[i];
      if (update && !Object.keys(update).some((k) => k !== 'update_id' && allowed.includes(k))) this.queue.splice(i, 1);
    }
    return this.queue.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private confirm(offset: number): void {
    while (this.queue.length > 0 && (this.queue[0]?.update_id ?? Infinity) < offset) this.queue.shift();
  }
}
