import { createAutoTagger, type AutoTagger } from '../domain/auto-tag.ts';
import type { Stores } from '../storage/stores.ts';

/** A tagger over every tag and alias in the archive now. */
export async function loadAutoTagger(stores: Stores): Promise<AutoTagger> {
  const tags = await stores.tags.allNames();
  const aliases = await stores.tags.aliasNames();
  return createAutoTagger([
    ...tags.map((t) => ({ phrase: t.name, tag: t.name })),
    ...aliases.map((a) => ({ phrase: a.alias, tag: a.tag })),
  ]);
}
