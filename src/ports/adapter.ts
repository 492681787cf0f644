import type { Readable, Writable } from 'node:stream';
import type { Core } from '../core/core.ts';
import type { Config } from '../config.ts';
import type { Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import type { Sender } from './sender.ts';

/** What the runtime gives an adapter. */
export interface AdapterHost {
  core: Core;
  config: Config;
  logger: Logger;
  /** The terminal, for the console adapter. */
  io: { input: Readable; output: Writable };
  /**
   * Asks the runtime to stop (the console's input ended). With `drain`, deliveries
   * that are due now are sent first.
   */
  shutdown(options: { drain: boolean }): Promise<void>;
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
}
