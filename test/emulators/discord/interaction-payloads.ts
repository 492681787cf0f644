import {
  channelTypeOf,
  roleObject,
  threadMetadata,
  type Actor,
  type ChannelFixture,
  type GuildFixture,
} from './fixtures.ts';
import { asList, asText, isRecord, type Json } from './messages.ts';
import { overwrittenPermissions } from './permissions.ts';

/**
 * The `data` of an application-command INTERACTION_CREATE, typed from the commands the
 * bot registered, as Discord would build it: `command('channel follow', {tag: 'Armenia',
 * 'mention-role': id})` finds the registered `/channel`, its `follow` subcommand and the
 * options' types, and fails the test when the bot did not register them so. A CHANNEL
 * option (type 7) takes a channel's id, of one of the option's `channel_types` when it
 * lists any, and the payload carries the channel in `resolved.channels` as Discord
 * documents it: id, name, type and the invoking member's permissions there (overwrites
 * applied, implicit permissions not), and a thread's parent_id and thread_metadata.
 */
export interface CommandCall {
  /** "follow", or "channel follow" for a subcommand. */
  name: string;
  values: Record<string, string>;
  /** For autocomplete: the option being typed. */
  focused?: string;
}

const OPTION = { subcommand: 1, string: 3, integer: 4, boolean: 5, channel: 7, role: 8, number: 10 } as const;

function find(list: unknown[], name: string, what: string): Json {
  const found = list.filter(isRecord).find((o) => o.name === name);
  if (!found) throw new Error(`the bot registered no ${what} "${name}"`);
  return found;
}

/**
 * A channel as `resolved.channels` carries it; `permissions` are the member's there: its
 * server-wide permissions (the actor's) with the channel's overwrites (a thread's
 * parent's) for its roles and itself, without implicit ones.
 */
export function resolvedChannel(guild: GuildFixture, channel: ChannelFixture, who: Actor) {
  const permissions = overwrittenPermissions(guild, channel, { userId: who.id, roleIds: who.roles }, who.permissions);
  return {
    id: channel.id,
    name: channel.name,
    type: channelTypeOf(channel),
    permissions: String(permissions),
    ...(channel.type === 'thread'
      ? { parent_id: channel.parentId ?? null, thread_metadata: threadMetadata(channel) }
      : {}),
  };
}

function channelOption(
  guild: GuildFixture | null,
  who: Actor | null,
  definition: Json,
  where: string,
  id: string,
): ReturnType<typeof resolvedChannel> {
  if (!guild) throw new Error(`${where}: a channel option needs a server (not a DM)`);
  if (!who) throw new Error(`${where}: a channel option needs the invoking member (commandData's \`who\`)`);
  const channel = guild.channels.find((c) => c.id === id);
  if (!channel) throw new Error(`${where}: no channel ${id} in the server`);
  const types = asList(definition.channel_types);
  const type = channelTypeOf(channel);
  if (types.length > 0 && !types.includes(type))
    throw new Error(`${where} takes channels of types ${types.join(', ')}: #${channel.name} is of type ${type}`);
  return resolvedChannel(guild, channel, who);
}

/** `who` is the member invoking the command (null: nobody; a CHANNEL option then fails). */
export function commandData(
  registered: readonly Json[],
  call: CommandCall,
  guild: GuildFixture | null,
  who: Actor | null = null,
): Json {
  const [name = '', sub] = call.name.split(' ');
  const command = find([...registered], name, 'command');
  let definitions = asList(command.options);
  let subcommand: Json | null = null;
  if (sub !== undefined) {
    subcommand = find(definitions, sub, `subcommand of /${name}:`);
    if (subcommand.type !== OPTION.subcommand) throw new Error(`/${name} ${sub} is not a subcommand`);
    definitions = asList(subcommand.options);
  }
  const roles: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const options = Object.entries(call.values).map(([key, raw]) => {
    const definition = find(definitions, key, `option of /${call.name}:`);
    const type = definition.type;
    if (call.focused === key && definition.autocomplete !== true)
      throw new Error(`option ${key} of /${call.name} does not autocomplete`);
    let value: unknown = raw;
    if (type === OPTION.integer || type === OPTION.number) value = Number(raw);
    else if (type === OPTION.boolean) value = raw === 'true';
    else if (type === OPTION.role) {
      const role = guild?.roles.find((r) => r.id === raw);
      if (!role) throw new Error(`no role ${raw} in the server`);
      roles[raw] = roleObject(role);
    } else if (type === OPTION.channel)
      channels[raw] = channelOption(guild, who, definition, `option ${key} of /${call.name}`, raw);
    return { name: key, type, value, ...(call.focused === key ? { focused: true } : {}) };
  });
  if (call.focused === undefined) {
    for (const definition of definitions.filter(isRecord)) {
      if (definition.required === true && !(asText(definition.name) in call.values))
        throw new Error(`/${call.name} needs option ${asText(definition.name)}`);
    }
  }
  return {
    id: asText(command.id),
    name,
    type: 1,
    options: subcommand === null ? options : [{ type: OPTION.subcommand, name: sub, options }],
    ...(Object.keys(roles).length + Object.keys(channels).length > 0
      ? {
          resolved: {
            ...(Object.keys(roles).length > 0 ? { roles } : {}),
            ...(Object.keys(channels).length > 0 ? { channels } : {}),
          },
        }
      : {}),
    ...(guild === null ? {} : { guild_id: guild.id }),
  };
}
