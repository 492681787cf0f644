import type { Readable, Writable } from 'node:stream';
import type { Core } from '../core/core.ts';
import type { Config } from '../config.ts';
import type { SendPriority } from '../delivery/limiter.ts';
import type { ChatKind, Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import type { CardPreviewer } from './card-preview.ts';
import type { Sender } from './sender.ts';

export type { SendPriority } from '../delivery/limiter.ts';

/**
 * A platform's pacing, as an adapter uses it for what it sends outside the outbox
 * (command replies, button edits, paging): the same per-chat intervals and overall rate
 * as the delivery worker's, in the same process, with replies ahead of queued
 * deliveries (src/delivery/limiter.ts, PlatformPacer). The adapter only translates: it
 * says which calls are messages, to which chat, and turns the platform's "retry after"
 * into RetryLaterError.
 */
export interface ReplyPacing {
  /** Waits for, and takes, a slot for one message to the chat (a reply by default: ahead of deliveries). */
  acquire(
    chatId: string,
    kind: ChatKind,
    priority?: SendPriority,
    signal?: AbortSignal,
    options?: { unpaid?: boolean },
  ): Promise<void>;
  /**
   * `acquire`, then `attempt`; when it throws RetryLaterError (a 429) the chat (or the
   * platform, when global) is slowed for the time given and the message sent again then,
   * up to REPLY_GIVE_UP_MS of waiting. Other errors are thrown as they are. `unpaid`: a
   * message that cannot pay for a broadcast (a Telegram edit) keeps to the free ceiling.
   */
  send<T>(
    chatId: string,
    kind: ChatKind,
    attempt: () => Promise<T>,
    options?: { priority?: SendPriority; signal?: AbortSignal; unpaid?: boolean },
  ): Promise<T>;
  /** The platform said "retry after" outside `send`: nothing to the chat (or anywhere, when global) until then. */
  penalize(chatId: string, retryAfterMs: number, global: boolean): void;
}

/** What the runtime gives an adapter. */
export interface AdapterHost {
  core: Core;
  config: Config;
  logger: Logger;
  /** The terminal, for the console adapter. */
  io: { input: Readable; output: Writable };
  /**
   * Asks the runtime to stop (the console's input ended). With `drain`, deliveries
   * that are due now are sent first. May be called while the adapter's start() runs (the
   * adapter is stopped once that start is over), so start() must not await it.
   */
  shutdown(options: { drain: boolean }): Promise<void>;
  /** The platform's pacing, shared with the delivery worker of this process. */
  pacing(platform: Platform): ReplyPacing;
}

export interface Adapter {
  readonly platform: Platform;
  readonly sender: Sender;
  /** Connects and starts receiving; resolves once running. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * An adapter, as handed to the runtime by the composition root (bin/tagwire.js), so
 * that src/ never imports adapters/.
 */
export interface AdapterFactory {
  readonly platform: Platform;
  /** Whether the configuration asks for this adapter (its token is set). */
  isConfigured(config: Config): boolean;
  create(host: AdapterHost): Adapter;
  /** The platform's card renderer for the newsroom's preview; needs no token, so it is there whether or not the adapter runs. */
  readonly cardPreviewer?: CardPreviewer;
}
