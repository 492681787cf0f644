import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tagChoices, timeZoneChoices } from '../../adapters/discord/autocomplete.ts';
import {
  autocompleteOf,
  commandPlans,
  commandText,
  slashCommandDefinitions,
  type CommandPlan,
} from '../../adapters/discord/commands.ts';
import { normalizeCommand, sameCommands } from '../../adapters/discord/registration.ts';
import type { CommandInfo } from '../../src/index.ts';
import { commandDefinitionProblems } from '../emulators/discord/command-rules.ts';
import { asList, asText, isRecord, type Json } from '../emulators/discord/messages.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore } from '../helpers/core.ts';

let handle: CoreHandle;
beforeEach(async () => {
  handle = await openTestCore();
});
afterEach(async () => {
  await handle.close();
});

const plan = (plans: Map<string, CommandPlan>, name: string): CommandPlan => {
  const found = plans.get(name);
  if (!found) throw new Error(`no plan for /${name}`);
  return found;
};

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

describe('slash commands as data', () => {
  it("defines a slash command for every core command, plus /channel, within Discord's limits", () => {
    const plans = commandPlans(handle.core.commands);
    const definitions = slashCommandDefinitions(plans);
    expect(definitions.map((d) => d.name).sort()).toEqual(
      [...handle.core.commands.map((c) => c.name), 'channel'].sort(),
    );
    expect(definitions.length).toBeLessThanOrEqual(100);
    for (const d of definitions) expect(commandDefinitionProblems(asJson(d))).toEqual([]);
    // The checker itself catches what Discord refuses.
    expect(
      commandDefinitionProblems({
        name: 'Bad',
        description: 'x'.repeat(101),
        options: [
          { type: 3, name: 'a', description: 'd' },
          {
            type: 3,
            name: 'b',
            description: 'd',
            required: true,
            choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })),
          },
        ],
      }),
    ).toHaveLength(4);
  });

  it('gives /digest, /quiet and /timezone options, and /channel the same ones as subcommands', () => {
    const definitions = slashCommandDefinitions(commandPlans(handle.core.commands)).map(asJson);
    const byName = (name: string) => definitions.find((d) => d.name === name) ?? {};
    const shape = (list: unknown) =>
      asList(list)
        .filter(isRecord)
        .map((o) => [
          o.name,
          o.type,
          asList(o.choices)
            .filter(isRecord)
            .map((c) => c.value),
          o.autocomplete === true,
          o.max_length ?? null,
        ]);
    const digest = [
      ['schedule', 3, ['daily', 'weekly', 'off'], false, null],
      ['day', 3, ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'], false, null],
      ['time', 3, [], false, 5],
    ];
    const quiet = [
      ['from', 3, [], false, 5],
      ['to', 3, [], false, 5],
      ['off', 5, [], false, null],
    ];
    const timezone = [['zone', 3, [], true, 64]];
    const card = [
      ['style', 3, ['headline', 'compact', 'full'], false, null],
      ['silent', 3, ['on', 'off'], false, null],
    ];
    const identity = [
      ['name', 3, [], false, 80],
      ['picture', 3, [], false, 2048],
      ['off', 5, [], false, null],
    ];
    expect(shape(byName('digest').options)).toEqual(digest);
    expect(shape(byName('identity').options)).toEqual(identity);
    expect(shape(byName('card').options)).toEqual(card);
    expect(shape(byName('quiet').options)).toEqual(quiet);
    expect(shape(byName('timezone').options)).toEqual(timezone);
    expect(shape(byName('pause').options)).toEqual([]);
    expect(shape(byName('resume').options)).toEqual([]);

    const channel = byName('channel');
    expect(channel.default_member_permissions).toBe('16');
    const subcommands = asList(channel.options).filter(isRecord);
    expect(subcommands.map((s) => s.name)).toEqual([
      'follow',
      'unfollow',
      'list',
      'digest',
      'quiet',
      'timezone',
      'card',
      'identity',
      'pause',
      'resume',
    ]);
    const sub = (name: string) => subcommands.find((s) => s.name === name)?.options;
    // Each /channel subcommand may act on another channel (a forum has nowhere to type).
    const target = ['channel', 7, [], false, null];
    expect(shape(sub('digest'))).toEqual([...digest, target]);
    expect(shape(sub('quiet'))).toEqual([...quiet, target]);
    expect(shape(sub('timezone'))).toEqual([...timezone, target]);
    expect(shape(sub('card'))).toEqual([...card, target]);
    expect(shape(sub('identity'))).toEqual([...identity, target]);
    for (const name of ['follow', 'unfollow', 'list', 'pause', 'resume'])
      expect(shape(sub(name)).at(-1)).toEqual(target);
    expect(subcommands.find((s) => s.name === 'list')?.options).toEqual([
      expect.objectContaining({ name: 'channel', type: 7, channel_types: [0, 5, 15, 16] }),
    ]);
    expect(asText(subcommands.find((s) => s.name === 'pause')?.description)).toContain('/channel resume');
  });

  it('offers /channel only the delivery settings the core has', () => {
    const without = handle.core.commands.filter((c) => c.name !== 'quiet' && c.name !== 'timezone');
    const channel = slashCommandDefinitions(commandPlans(without))
      .map(asJson)
      .find((d) => d.name === 'channel');
    expect(
      asList(channel?.options)
        .filter(isRecord)
        .map((s) => s.name),
    ).toEqual(['follow', 'unfollow', 'list', 'digest', 'card', 'identity', 'pause', 'resume']);
  });

  it("writes /digest, /quiet and /timezone options as the core's syntax", () => {
    const plans = commandPlans(handle.core.commands);
    const text = (name: string, values: Record<string, string>) =>
      commandText(plan(plans, name), (option) => values[option] ?? null);
    expect(text('identity', { name: 'Armenia Wire', picture: 'https://example.com/a.png' })).toBe(
      '/identity Armenia Wire https://example.com/a.png',
    );
    expect(text('identity', { name: 'Armenia Wire', off: 'true' })).toBe('/identity off');
    expect(text('digest', {})).toBe('/digest');
    expect(text('digest', { schedule: 'off' })).toBe('/digest off');
    expect(text('digest', { schedule: 'off', time: '08:00' })).toBe('/digest off');
    expect(text('digest', { schedule: 'daily', time: ' 08:00 ' })).toBe('/digest daily 08:00');
    expect(text('digest', { schedule: 'weekly', day: 'Monday', time: '08:00' })).toBe('/digest weekly Monday 08:00');
    // A time alone means daily, a day means weekly; a mismatch is left for the core to explain.
    expect(text('digest', { time: '07:30' })).toBe('/digest daily 07:30');
    expect(text('digest', { day: 'Friday', time: '18:00' })).toBe('/digest weekly Friday 18:00');
    expect(text('digest', { schedule: 'daily', day: 'Friday', time: '18:00' })).toBe('/digest daily Friday 18:00');
    expect(text('quiet', {})).toBe('/quiet');
    expect(text('quiet', { from: '22:00', to: '07:00' })).toBe('/quiet 22:00-07:00');
    expect(text('quiet', { off: 'true' })).toBe('/quiet off');
    expect(text('quiet', { off: 'true', from: '22:00', to: '07:00' })).toBe('/quiet off');
    expect(text('quiet', { off: 'false', from: '23:30', to: '06:00' })).toBe('/quiet 23:30-06:00');
    expect(text('quiet', { from: '22:00' })).toBe('/quiet 22:00');
    expect(text('timezone', { zone: 'Europe/Yerevan' })).toBe('/timezone Europe/Yerevan');
    expect(text('timezone', {})).toBe('/timezone');
    expect(text('pause', {})).toBe('/pause');
    expect(text('resume', {})).toBe('/resume');
  });

  it('knows which options autocomplete what, for commands and /channel subcommands', () => {
    const plans = commandPlans(handle.core.commands);
    expect(autocompleteOf(plans, 'follow', null, 'tag')).toBe('tags');
    expect(autocompleteOf(plans, 'timezone', null, 'zone')).toBe('time-zones');
    expect(autocompleteOf(plans, 'channel', 'timezone', 'zone')).toBe('time-zones');
    expect(autocompleteOf(plans, 'channel', 'follow', 'tag')).toBe('tags');
    expect(autocompleteOf(plans, 'digest', null, 'time')).toBeNull();
    expect(autocompleteOf(plans, 'channel', null, 'tag')).toBeNull();
  });

  it('joins option values back into the core command line', () => {
    const plans = commandPlans(handle.core.commands);
    const values = (map: Record<string, string>) => (name: string) => map[name] ?? null;
    expect(commandText(plan(plans, 'follow'), values({ tag: ' Armenia, CSTO ' }))).toBe('/follow Armenia, CSTO');
    expect(commandText(plan(plans, 'latest'), values({}))).toBe('/latest');
    expect(commandText(plan(plans, 'search'), values({ query: 'oil -gas #opec' }))).toBe('/search oil -gas #opec');
    expect(commandText(plan(plans, 'rename'), values({ old: 'csto', new: 'CSTO' }))).toBe('/rename csto = CSTO');
    expect(
      commandText(plan(plans, 'alias'), values({ alias: 'Collective Security Treaty Organization', tag: 'CSTO' })),
    ).toBe('/alias Collective Security Treaty Organization = CSTO');
  });

  it('gives a command it does not know one text option with its arguments', () => {
    const weather: CommandInfo = {
      name: 'weather',
      args: '[DAYS]',
      summary: 'A forecast',
      access: 'everyone',
      example: '/weather 7',
    };
    const plans = commandPlans([...handle.core.commands, weather]);
    expect(plan(plans, 'weather').options).toEqual([{ name: 'arguments', description: '[DAYS]', required: false }]);
    expect(commandText(plan(plans, 'weather'), () => '7')).toBe('/weather 7');
  });
});

describe('registration compares what Discord has with what we define', () => {
  it("treats Discord's decorated copy of the same commands as unchanged, in any order", () => {
    const definitions = slashCommandDefinitions(commandPlans(handle.core.commands));
    const fromDiscord = definitions
      .map((d, i) => ({
        ...JSON.parse(JSON.stringify(d)),
        id: String(1000 + i),
        application_id: '1',
        version: '9',
        dm_permission: true,
        nsfw: false,
        default_member_permissions: d.default_member_permissions ?? null,
        integration_types: [0],
      }))
      .reverse();
    expect(sameCommands(fromDiscord, definitions)).toBe(true);
  });

  it('sees a changed description, option or permission, and a missing command', () => {
    const definitions = slashCommandDefinitions(commandPlans(handle.core.commands));
    const copy = () => JSON.parse(JSON.stringify(definitions)) as Record<string, unknown>[];
    const described = copy();
    described[0] = { ...described[0], description: 'Other' };
    expect(sameCommands(described, definitions)).toBe(false);
    const permissions = copy().map((c) => (c.name === 'channel' ? { ...c, default_member_permissions: null } : c));
    expect(sameCommands(permissions, definitions)).toBe(false);
    expect(sameCommands(copy().slice(1), definitions)).toBe(false);
    expect(sameCommands({ message: 'not a list' }, definitions)).toBe(false);
    expect(
      normalizeCommand({ name: 'x', description: 'y', options: [{ type: 3, name: 'o', description: 'd' }] }),
    ).toEqual(
      normalizeCommand({
        name: 'x',
        description: 'y',
        type: 1,
        options: [{ type: 3, name: 'o', description: 'd', required: false, autocomplete: false }],
      }),
    );
  });
});

describe('tag autocomplete choices', () => {
  it('shows followers, keeps values within 100 characters, and completes after a comma', async () => {
    const core = handle.core;
    const ctx = (id: string) => ({
      platform: 'discord' as const,
      chat: { id, kind: 'user' as const },
      user: { id },
      canManageChat: true,
    });
    await core.handleCommand(ctx('1'), '/follow Armenia');
    await core.handleCommand(ctx('2'), '/follow Armenia, Azerbaijan');
    expect(await tagChoices(core, 'ar')).toEqual([{ name: 'Armenia · 2 followers', value: 'Armenia' }]);
    expect(await tagChoices(core, 'Armenia, #aze')).toEqual([
      { name: 'Armenia, Azerbaijan · 1 follower', value: 'Armenia, Azerbaijan' },
    ]);
    expect(await tagChoices(core, `${'x'.repeat(95)}, arm`)).toEqual([]);
  });
});

describe('time zone autocomplete choices', () => {
  const at = new Date('2024-01-15T12:00:00Z');

  it('offers UTC and common zones before anything is typed, each with its offset', () => {
    const choices = timeZoneChoices('', at);
    expect(choices[0]).toEqual({ name: 'UTC · GMT+00:00', value: 'UTC' });
    expect(choices).toContainEqual({ name: 'Asia/Kolkata · GMT+05:30', value: 'Asia/Kolkata' });
    expect(choices).toContainEqual({ name: 'Asia/Yerevan · GMT+04:00', value: 'Asia/Yerevan' });
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it("filters by what was typed: the zone's start, then the city's, then anywhere; at most 25", () => {
    expect(timeZoneChoices('berlin', at)).toEqual([{ name: 'Europe/Berlin · GMT+01:00', value: 'Europe/Berlin' }]);
    expect(timeZoneChoices('new york', at).map((c) => c.value)).toEqual(['America/New_York']);
    expect(timeZoneChoices('Asia/Yer', at).map((c) => c.value)).toEqual(['Asia/Yerevan']);
    const kol = timeZoneChoices('kol', at);
    expect(kol[0]).toEqual({ name: 'Asia/Kolkata · GMT+05:30', value: 'Asia/Kolkata' });
    expect(timeZoneChoices('kyiv', at).map((c) => c.value)).toEqual(['Europe/Kyiv']);
    const america = timeZoneChoices('america', at);
    expect(america).toHaveLength(25);
    expect(america.every((c) => c.value.startsWith('America/'))).toBe(true);
    expect(timeZoneChoices('zzzz', at)).toEqual([]);
    for (const choice of timeZoneChoices('a', at)) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      // Each value is a zone the runtime (and so /timezone) accepts.
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: choice.value })).not.toThrow();
    }
  });
});
