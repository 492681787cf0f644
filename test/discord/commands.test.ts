import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandPlans, commandText, slashCommandDefinitions, type CommandPlan } from '../../adapters/discord/commands.ts';
import { normalizeCommand, sameCommands } from '../../adapters/discord/registration.ts';
import { tagChoices } from '../../adapters/discord/interactions.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore } from '../helpers/core.ts';

let handle: CoreHandle;
beforeEach(async () => { handle = await openTestCore(); });
afterEach(async () => { await handle.close(); });

const plan = (plans: Map<string, CommandPlan>, name: string): CommandPlan => {
  const found = plans.get(name);
  if (!found) throw new Error(`no plan for /${name}`);
  return found;
};

describe('slash commands as data', () => {
  it('defines a slash command for every core command, plus /channel, within Discord\'s limits', () => {
    const plans = commandPlans(handle.core.commands);
    const definitions = slashCommandDefinitions(plans);
    expect(definitions.map((d) => d.name).sort()).toEqual([...handle.core.commands.map((c) => c.name), 'channel'].sort());
    for (const d of definitions) {
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.description.length).toBeLessThanOrEqual(100);
      const options = d.options ?? [];
      // Discord requires required options first.
      const required = options.map((o) => ('required' in o && o.required === true));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('joins option values back into the core command line', () => {
    const plans = commandPlans(handle.core.commands);
    const values = (map: Record<string, string>) => (name: string) => map[name] ?? null;
    expect(commandText(plan(plans, 'follow'), values({ tag: ' Armenia, CSTO ' }))).toBe('/follow Armenia, CSTO');
    expect(commandText(plan(plans, 'latest'), values({}))).toBe('/latest');
    expect(commandText(plan(plans, 'search'), values({ query: 'oil -gas #opec' }))).toBe('/search oil -gas #opec');
    expect(commandText(plan(plans, 'rename'), values({ old: 'csto', new: 'CSTO' }))).toBe('/rename csto = CSTO');
    expect(commandText(plan(plans, 'alias'), values({ alias: 'Collective Security Treaty Organization', tag: 'CSTO' }))).toBe('/alias Collective Security Treaty Organization = CSTO');
  });

  it('gives a command it does not know one text option with its arguments', () => {
    const plans = commandPlans([...handle.core.commands, { name: 'digest', args: '[DAYS]', summary: 'A digest', access: 'everyone', example: '/digest 7' }]);
    expect(plan(plans, 'digest').options).toEqual([{ name: 'arguments', description: '[DAYS]', required: false }]);
    expect(commandText(plan(plans, 'digest'), () => '7')).toBe('/digest 7');
  });
});

describe('registration compares what Discord has with what we define', () => {
  it('treats Discord\'s decorated copy of the same commands as unchanged, in any order', () => {
    const definitions = slashCommandDefinitions(commandPlans(handle.core.commands));
    const fromDiscord = definitions.map((d, i) => ({
      ...JSON.parse(JSON.stringify(d)), id: String(1000 + i), application_id: '1', version: '9', dm_permission: true, nsfw: false,
      default_member_permissions: d.default_member_permissions ?? null, integration_types: [0],
    })).reverse();
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
    expect(normalizeCommand({ name: 'x', description: 'y', options: [{ type: 3, name: 'o', description: 'd' }] }))
      .toEqual(normalizeCommand({ name: 'x', description: 'y', type: 1, options: [{ type: 3, name: 'o', description: 'd', required: false, autocomplete: false }] }));
  });
});

describe('tag autocomplete choices', () => {
  it('shows followers, keeps values within 100 characters, and completes after a comma', async () => {
    const core = handle.core;
    const ctx = (id: string) => ({ platform: 'discord' as const, chat: { id, kind: 'user' as const }, user: { id }, canManageChat: true });
    await core.handleCommand(ctx('1'), '/follow Armenia');
    await core.handleCommand(ctx('2'), '/follow Armenia, Azerbaijan');
    expect(await tagChoices(core, 'ar')).toEqual([{ name: 'Armenia · 2 followers', value: 'Armenia' }]);
    expect(await tagChoices(core, 'Armenia, #aze')).toEqual([{ name: 'Armenia, Azerbaijan · 1 follower', value: 'Armenia, Azerbaijan' }]);
    expect(await tagChoices(core, `${'x'.repeat(95)}, arm`)).toEqual([]);
  });
});
