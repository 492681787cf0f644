import { roleObject, type GuildFixture } from './fixtures.ts';
import { asList, asText, isRecord, type Json } from './messages.ts';

/**
 * The `data` of an application-command INTERACTION_CREATE, typed from the commands the
 * bot registered, as Discord would build it: `command('channel follow', {tag: 'Armenia',
 * 'mention-role': id})` finds the registered `/channel`, its `follow` subcommand and the
 * options' types, and fails the test when the bot did not register them so.
 */
export interface CommandCall {
  /** "follow", or "channel follow" for a subcommand. */
  name: string;
  values: Record<string, string>;
  /** For autocomplete: the option being typed. */
  focused?: string;
}

const OPTION = { subcommand: 1, string: 3, integer: 4, boolean: 5, role: 8, number: 10 } as const;

function find(list: unknown[], name: string, what: string): Json {
  const found = list.filter(isRecord).find((o) => o.name === name);
  if (!found) throw new Error(`the bot registered no ${what} "${name}"`);
  return found;
}

export function commandData(registered: readonly Json[], call: CommandCall, guild: GuildFixture | null): Json {
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
    }
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
    ...(Object.keys(roles).length > 0 ? { resolved: { roles } } : {}),
    ...(guild === null ? {} : { guild_id: guild.id }),
  };
}
