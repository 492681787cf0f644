import { namesOf, REGION_NAMES, regionNameByKey, regionNameIn, type RegionName } from '../domain/region-names.ts';
import { parseTagName, tagKey, type TagName } from '../domain/tags.ts';
import type { Locale } from '../i18n/index.ts';
import type { TagRow } from '../storage/schema.ts';
import type { Stores } from '../storage/stores.ts';
import type { CoreDeps } from './deps.ts';

/** An entry's names as tags, each key once (the first spelling kept), its English name first. */
function tagNamesOf(region: RegionName): TagName[] {
  const names = new Map<string, TagName>();
  for (const name of namesOf(region)) {
    const tag = parseTagName(name);
    if (!names.has(tag.key)) names.set(tag.key, tag);
  }
  return [...names.values()];
}

let parsed: { region: RegionName; names: TagName[] }[] | undefined;
const builtIn = () => (parsed ??= REGION_NAMES.map((region) => ({ region, names: tagNamesOf(region) })));

/** What seeding added: tags created, aliases added. */
export interface RegionNamesSeeded {
  tags: number;
  aliases: number;
}

/**
 * Makes the built-in names of the region (src/domain/region-names.ts) present: for each
 * entry, its tag is the one any of its names already means (a tag's key or an alias;
 * the first of its names in order: English, Russian, Armenian, variants), else a new tag
 * under its English name; every other name becomes an alias of that tag unless it
 * already means something (admins' choices win: no key is re-pointed, no tag renamed).
 * Idempotent and cheap: when every name is known it is two queries. Safe from several
 * processes at once (inserts that find the key taken do nothing). Run when the bot
 * starts (src/runtime.ts, startBot).
 */
export async function seedRegionNames(deps: Pick<CoreDeps, 'stores' | 'clock' | 'logger'>): Promise<RegionNamesSeeded> {
  const entries = builtIn();
  const keys = entries.flatMap((e) => e.names.map((n) => n.key));
  const known = await deps.stores.tags.findMany(keys);
  if (keys.every((key) => known.has(key))) return { tags: 0, aliases: 0 };
  const now = deps.clock.now().getTime();
  const seeded = await deps.stores.transaction(async (stores) => {
    const found = await stores.tags.findMany(keys);
    const unknown = entries.filter((e) => e.names.every((n) => !found.has(n.key)));
    const created = await stores.tags.ensureMany(
      unknown.map((e) => e.names[0]).filter((n): n is TagName => n !== undefined),
      now,
    );
    const aliases: { alias: TagName; tagId: number }[] = [];
    for (const { names } of entries) {
      const tag: TagRow | undefined =
        names.map((n) => found.get(n.key)).find((row) => row !== undefined) ?? created.get(names[0]?.key ?? '');
      if (!tag) continue;
      for (const name of names) {
        if (!found.has(name.key) && name.key !== tag.key) aliases.push({ alias: name, tagId: tag.id });
      }
    }
    const added = await stores.tags.addMissingAliases(aliases, now);
    return { tags: unknown.length, aliases: added };
  });
  if (seeded.tags > 0 || seeded.aliases > 0) deps.logger.info(seeded, 'built-in names of the region added');
  return seeded;
}

/**
 * How a chat in `locale` sees these tags (by their names): a tag that one of the
 * built-in names of the region means, and whose name in that language (Russian,
 * Armenian) means the same tag here, is shown under that name (#Armenia as #Армения to
 * a Russian chat); any other tag, and every tag in English, under its own name. Gives a
 * name for each name asked; at most two queries, none in English or when no name is
 * built in.
 */
export async function localTagNames(
  stores: Stores,
  names: readonly string[],
  locale: Locale,
): Promise<Map<string, string>> {
  const shown = new Map(names.map((name) => [name, name]));
  if (locale === 'en') return shown;
  const wanted = new Map<string, { own: string; local: string }>();
  for (const name of names) {
    const own = tagKey(name);
    const region = regionNameByKey(own);
    if (!region) continue;
    const local = regionNameIn(region, locale);
    if (tagKey(local) !== own) wanted.set(name, { own, local });
  }
  if (wanted.size === 0) return shown;
  const keys = [...wanted.values()].flatMap((w) => [w.own, tagKey(w.local)]);
  const found = await stores.tags.findMany(keys);
  for (const [name, { own, local }] of wanted) {
    const tag = found.get(own);
    if (tag && found.get(tagKey(local))?.id === tag.id) shown.set(name, local);
  }
  return shown;
}
