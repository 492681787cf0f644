import type { AdapterCommand } from '../src/cli.ts';
import type { AdapterFactory } from '../src/index.ts';
import { consoleAdapterFactory } from './console/index.ts';
import { discordAdapterFactory } from './discord/index.ts';
import { discordShardsCommand } from './discord/shards.ts';
import { telegramAdapterFactory } from './telegram/index.ts';

/**
 * Every adapter the `tagwire` command can run, handed to the core by bin/tagwire.js.
 * `start` runs each whose configuration is present; the console when none is.
 */
export const adapterFactories: readonly AdapterFactory[] = [
  consoleAdapterFactory,
  telegramAdapterFactory,
  discordAdapterFactory,
];

/** Commands the adapters add to `tagwire` (src/cli.ts), handed over by bin/tagwire.js too. */
export const adapterCommands: Readonly<Record<string, AdapterCommand>> = { 'discord-shards': discordShardsCommand };
