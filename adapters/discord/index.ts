import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Adapter, AdapterFactory, AdapterHost } from '../../src/index.ts';
import { commandPlans, slashCommandDefinitions } from './commands.ts';
import { handleInteraction, type InboundDeps } from './interactions.ts';
import { registerCommands } from './registration.ts';
import { createDiscordSender } from './sender.ts';
import { discordCardPreviewer } from './preview.ts';

/** Discord wants an interaction answered within 3 s; replies slower than this are deferred first. */
export const DEFER_AFTER_MS = 2_000;
/** How long start() waits for the gateway's READY and the servers' GUILD_CREATEs. */
export const READY_TIMEOUT_MS = 60_000;

export interface DiscordAdapterOptions {
  /** Defer interactions whose reply takes longer than this (0: always). Default DEFER_AFTER_MS. */
  deferAfterMs?: number;
}

/**
 * The Discord adapter (discord.js). The gateway (intents: Guilds only) brings slash
 * commands, buttons, autocomplete and modal submits, answered through interactions.ts;
 * GUILD_DELETE deactivates the server's channel subscriptions. Deliveries go out over
 * REST only, through sender.ts. DISCORD_API_ROOT points both REST clients, and with
 * them the gateway discovery (`GET /gateway/bot`), at another server.
 */
export function createDiscordAdapter(host: AdapterHost, options: DiscordAdapterOptions = {}): Adapter {
  const { core, config, logger } = host;
  const { token, applicationId, apiRoot, guildId, maxPerSecond, shard } = config.discord;
  if (token === undefined || applicationId === undefined) {
    throw new Error('The Discord adapter needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.');
  }
  const plans = commandPlans(core.commands);
  // Sharded (DISCORD_SHARD_ID/COUNT): this process opens one shard's gateway connection;
  // Discord sends it the events of its guilds (and shard 0 the DMs).
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiRoot },
    allowedMentions: { parse: [] },
    ...(shard ? { shards: shard.id, shardCount: shard.count } : {}),
  });
  const sender = createDiscordSender({ token, apiRoot, maxPerSecond, logger, applicationId });
  const deps: InboundDeps = { core, logger, plans, deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS };
  const inFlight = new Set<Promise<void>>();
  let accepting = false;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (!accepting) return;
    track(
      handleInteraction(deps, interaction).catch((err: unknown) => {
        logger.error({ err, interaction: interaction.id }, 'discord interaction failed');
      }),
    );
  });
  client.on(Events.GuildDelete, (guild) => {
    track(
      core.chats
        .deactivateAll('discord', guild.id, 'removed from server')
        .then((count) => {
          logger.info({ guild: guild.id, deactivated: count }, 'removed from a Discord server');
        })
        .catch((err: unknown) => {
          logger.error({ err, guild: guild.id }, "could not deactivate a Discord server's channels");
        }),
    );
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.warn({ code: event.code, shard }, 'discord gateway disconnected'),
  );

  // The shards this process runs: DISCORD_SHARD_ID, or what discord.js read from
  // ShardingManager's environment (SHARDS); all of them ('auto') when not sharded.
  const shardIds = client.options.shards;
  const registersCommands =
    shardIds === undefined ||
    shardIds === 'auto' ||
    (typeof shardIds === 'number' ? shardIds === 0 : shardIds.includes(0));
  // Under `tagwire discord-shards` (ShardingManager): stop when the manager is gone.
  const underManager = client.shard !== null && client.shard.mode === 'process' && process.connected;
  const managerGone = () => {
    logger.warn('the discord-shards manager is gone; stopping this shard');
    void host.shutdown({ drain: false });
  };

  async function waitUntilReady(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = new Promise<void>((resolve) => {
      client.once(Events.ClientReady, () => resolve());
    });
    const connecting = (async () => {
      await client.login(token);
      await ready;
    })();
    connecting.catch(() => undefined); // a late failure after the timeout is already reported
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Discord did not become ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([connecting, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    platform: 'discord',
    sender,
    async start() {
      if (underManager) {
        // The manager may die at any point of the start; a shard without it stops by itself.
        process.once('disconnect', managerGone);
        if (!process.connected) managerGone();
      }
      try {
        await waitUntilReady();
      } catch (err) {
        if (underManager) process.off('disconnect', managerGone);
        await client.destroy();
        sender.close();
        throw err;
      }
      accepting = true;
      try {
        // Shard 0 registers the slash commands for all (they are the application's, not a shard's).
        if (registersCommands)
          await registerCommands(client.rest, {
            applicationId,
            guildId,
            commands: slashCommandDefinitions(plans),
            logger,
          });
      } catch (err) {
        // The bot still answers the commands Discord already has; the next start tries again.
        logger.error({ err }, 'could not register the Discord slash commands');
      }
      logger.info(
        {
          user: client.user?.tag,
          guilds: client.guilds.cache.size,
          shards: shardIds,
          shardCount: client.options.shardCount,
        },
        'discord adapter started',
      );
    },
    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
      sender.close();
      if (underManager) {
        // The manager's IPC channel would keep this process alive after the bot stopped.
        process.off('disconnect', managerGone);
        if (process.connected) process.disconnect();
      }
    },
  };
}

export const discordAdapterFactory: AdapterFactory = {
  platform: 'discord',
  isConfigured: (config) => config.discord.token !== undefined,
  create: (host) => createDiscordAdapter(host),
  cardPreviewer: discordCardPreviewer,
};
