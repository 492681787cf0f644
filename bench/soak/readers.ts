/**
 * Readers using the bot while the soak runs: each, in turn, searches the archive
 * (`/search soak`), pages the results (the Next button: a callback query whose answer
 * edits the message), asks `/tags`, `/related ID` of a posted article and `/latest`, with
 * a pause of a few seconds between actions (so its own chat's pace never holds it). An
 * action's latency runs from its update being queued at the emulator to the bot's answer
 * reaching the emulator (the first accepted sendMessage to the reader's chat, or for Next
 * the editMessageText): the long poll, the handler, the pacing wait and HTTP. An action
 * not answered within `timeoutMs` counts as unanswered and the reader moves on.
 */
import type { User } from 'grammy/types';
import type { CallRecord, TelegramEmulator } from '../../test/emulators/telegram/emulator.ts';
import type { StoredMessage } from '../../test/emulators/telegram/world.ts';

export interface ReaderAction {
  reader: number;
  kind: 'search' | 'next' | 'tags' | 'related' | 'latest';
  /** Emulator clock, ms. */
  askedAt: number;
  answeredAt: number | null;
}

const CYCLE: ReaderAction['kind'][] = ['search', 'next', 'tags', 'related', 'latest'];

interface Pending {
  action: ReaderAction;
  method: 'sendMessage' | 'editMessageText';
  done(answered: boolean): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Readers {
  readonly actions: ReaderAction[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly loops: Promise<void>[] = [];
  private stopped = false;

  constructor(
    private readonly emulator: TelegramEmulator,
    private readonly users: readonly User[],
    private readonly random: () => number,
    /** Public ids of posted articles, for /related. */
    private readonly articleIds: () => readonly string[],
    private readonly options: { gapMs: readonly [number, number]; timeoutMs: number },
  ) {}

  /** Feed it every answered emulator call (TelegramEmulator.onCall). */
  readonly onCall = (call: CallRecord): void => {
    if (call.status !== 200) return;
    const chat = Number(call.payload.chat_id);
    const pending = this.pending.get(chat);
    if (!pending || call.method !== pending.method || call.at < pending.action.askedAt) return;
    pending.action.answeredAt = call.at;
    pending.done(true);
  };

  start(): void {
    this.users.forEach((user, i) => this.loops.push(this.loop(user, i)));
  }

  /** No new actions; waits up to `graceMs` for the last ones, then counts the rest unanswered. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    const all = Promise.all(this.loops);
    const timer = setTimeout(() => {
      for (const pending of [...this.pending.values()]) pending.done(false);
    }, graceMs);
    await all;
    clearTimeout(timer);
  }

  private gap(): number {
    const [min, max] = this.options.gapMs;
    return min + this.random() * (max - min);
  }

  private async loop(user: User, offset: number): Promise<void> {
    let step = offset;
    let searchReply: StoredMessage | null = null;
    await sleep(this.gap() * this.random());
    while (!this.stopped) {
      const kind = CYCLE[step++ % CYCLE.length] ?? 'tags';
      if (kind === 'next') {
        const message = searchReply;
        const offered = message?.replyMarkup?.inline_keyboard.flat().some((b) => /Next/u.test(b.text)) ?? false;
        if (message && offered)
          await this.act(user, kind, 'editMessageText', () => this.emulator.pressButtonLabeled(user, message, /Next/u));
      } else {
        const ids = this.articleIds();
        const related = ids[Math.floor(this.random() * ids.length)];
        const text =
          kind === 'search'
            ? '/search soak'
            : kind === 'related' && related !== undefined
              ? `/related ${related}`
              : kind === 'tags'
                ? '/tags'
                : '/latest';
        const answered = await this.act(user, kind, 'sendMessage', () => this.emulator.sendText(user, text));
        if (kind === 'search') searchReply = answered ? this.newestFromBot(user.id) : null;
      }
      await sleep(this.gap());
    }
  }

  private act(
    user: User,
    kind: ReaderAction['kind'],
    method: Pending['method'],
    trigger: () => unknown,
  ): Promise<boolean> {
    const action: ReaderAction = { reader: user.id, kind, askedAt: this.emulator.clock(), answeredAt: null };
    this.actions.push(action);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), this.options.timeoutMs);
      const finish = (answered: boolean) => {
        clearTimeout(timer);
        if (this.pending.get(user.id)?.action === action) this.pending.delete(user.id);
        resolve(answered);
      };
      this.pending.set(user.id, { action, method, done: finish });
      trigger();
    });
  }

  private newestFromBot(chatId: number): StoredMessage | null {
    let newest: StoredMessage | null = null;
    for (const m of this.emulator.chat(chatId).messages.values()) if (m.fromBot) newest = m;
    return newest;
  }
}
