import type { Locale } from '../i18n/index.ts';
import type { ArticleView } from './reply.ts';
import { tagKey } from './tags.ts';

/*
 * Built-in names of the region: the countries, blocs, places and people tagwire's readers
 * follow, each with its English, Russian and Armenian name and the other spellings news
 * uses for it. When the bot starts (src/app/region-names.ts, seedRegionNames) each entry
 * becomes one tag, named in English, with every other name an alias of it, so
 * `/follow Армения`, a post tagged `Հայաստան` and an article that says "Ереван" all meet
 * the tag a reader who typed English follows. Admins extend the list with /alias and
 * their choices win: a name that already means another tag, or is a tag of its own,
 * is left as it is. Russian and Armenian chats see the tag under its name in their
 * language (localTagNames).
 *
 * Reviewed for these rules:
 * - Every name is a standard spelling in its language: Russian as Russian news writes it
 *   (`е` for `ё`: "Соединенные Штаты"; tag keys, search and the auto-tagger fold `ё` as
 *   `е`, so either spelling meets the name), Armenian in
 *   the reformed orthography of Armenian news sites (`Երևան`; the classical `Երեւան` is
 *   the same tag key). Transliterations are the established ones (Azərbaycan, Bakı,
 *   Türkiye, Qazaqstan, Hayastan, Sakartvelo, Artsakh).
 * - One alphabet per word (parseTagName refuses mixed words); at most 64 characters.
 * - No name belongs to two entries, and no name means something else in the region's
 *   news. Names are matched in article text as whole words (src/domain/auto-tag.ts), so
 *   short abbreviations are checked against that: a single word of one or two letters
 *   matches only as written (upper case), longer ones whatever the case. Kept:
 *   "EU", "UN", "ЕС", "РФ", "ԵՄ", "ՌԴ", "ՀՀ" (upper case, they mean nothing else in
 *   running text); "ООН", "ОДКБ", "ՄԱԿ", "ԱՄՆ", "USA", "EEU", "PRC", "КНР" (no word of the
 *   language is spelled so). Left out: "US" (the pronoun in upper-case headlines),
 *   "U.S." and "U.N." (matched as the words "u s", "u n", so "U.S.S.R." would be #USA),
 *   "Georgia" for the US state (the entry is the country), "Qarabağ" (a football
 *   club), "Persia" (not the same thing as Iran), "Zangezur corridor" (a project, not
 *   the region), "America" (a continent).
 * - Tag names that are also ordinary English words (Turkey, China) stay: the tag is the
 *   country, as readers of this bot expect; "Aliyev" also names Heydar Aliyev.
 * - Inflected forms ("в Москве", "Հայաստանի") are not names and are not listed: finding
 *   them in article text is the auto-tagger's rule, not this list's.
 */

/** What an entry names: the groups of the list in docs/tags.md. */
export type RegionNameKind = 'country' | 'bloc' | 'region' | 'city' | 'institution' | 'person';

export interface RegionName {
  readonly kind: RegionNameKind;
  /** The English name: the spelling a new tag gets. */
  readonly en: string;
  /** The Russian name, shown to Russian chats. */
  readonly ru: string;
  /** The Armenian name (reformed orthography), shown to Armenian chats. */
  readonly hy: string;
  /** Other spellings of the same thing, in any language: abbreviations, full names, transliterations. */
  readonly variants: readonly string[];
}

const entry = (kind: RegionNameKind, en: string, ru: string, hy: string, variants: readonly string[] = []) =>
  Object.freeze({ kind, en, ru, hy, variants: Object.freeze([...variants]) }) satisfies RegionName;

/** The built-in names, in the order of docs/tags.md. */
export const REGION_NAMES: readonly RegionName[] = Object.freeze([
  entry('country', 'Armenia', 'Армения', 'Հայաստան', [
    'Republic of Armenia',
    'Республика Армения',
    'Հայաստանի Հանրապետություն',
    'ՀՀ',
    'Hayastan',
  ]),
  entry('country', 'Russia', 'Россия', 'Ռուսաստան', [
    'Russian Federation',
    'Российская Федерация',
    'РФ',
    'Ռուսաստանի Դաշնություն',
    'ՌԴ',
  ]),
  entry('country', 'Azerbaijan', 'Азербайджан', 'Ադրբեջան', ['Azərbaycan']),
  entry('country', 'Georgia', 'Грузия', 'Վրաստան', ['Sakartvelo']),
  entry('country', 'Turkey', 'Турция', 'Թուրքիա', ['Türkiye', 'Turkiye']),
  entry('country', 'Iran', 'Иран', 'Իրան', [
    'Islamic Republic of Iran',
    'Исламская Республика Иран',
    'Իրանի Իսլամական Հանրապետություն',
  ]),
  entry('country', 'USA', 'США', 'ԱՄՆ', [
    'United States',
    'United States of America',
    'Соединенные Штаты',
    'Соединенные Штаты Америки',
    'Ամերիկայի Միացյալ Նահանգներ',
  ]),
  entry('country', 'Ukraine', 'Украина', 'Ուկրաինա', ['Україна']),
  entry('country', 'Kazakhstan', 'Казахстан', 'Ղազախստան', ['Qazaqstan', 'Қазақстан']),
  entry('country', 'Belarus', 'Беларусь', 'Բելառուս', ['Белоруссия']),
  entry('country', 'Kyrgyzstan', 'Киргизия', 'Ղրղզստան', ['Кыргызстан']),
  entry('country', 'Tajikistan', 'Таджикистан', 'Տաջիկստան'),
  entry('country', 'China', 'Китай', 'Չինաստան', ['PRC', "People's Republic of China", 'КНР']),
  entry('country', 'France', 'Франция', 'Ֆրանսիա'),
  entry('country', 'India', 'Индия', 'Հնդկաստան'),

  entry('bloc', 'EU', 'ЕС', 'ԵՄ', [
    'European Union',
    'Евросоюз',
    'Европейский союз',
    'Եվրոպական միություն',
    'Եվրամիություն',
  ]),
  entry('bloc', 'NATO', 'НАТО', 'ՆԱՏՕ', [
    'North Atlantic Treaty Organization',
    'North Atlantic Alliance',
    'Организация Североатлантического договора',
    'Североатлантический альянс',
    'Հյուսիսատլանտյան դաշինք',
  ]),
  entry('bloc', 'CSTO', 'ОДКБ', 'ՀԱՊԿ', [
    'Collective Security Treaty Organization',
    'Collective Security Treaty Organisation',
    'Организация Договора о коллективной безопасности',
    'Հավաքական անվտանգության պայմանագրի կազմակերպություն',
  ]),
  entry('bloc', 'EAEU', 'ЕАЭС', 'ԵԱՏՄ', [
    'EEU',
    'Eurasian Economic Union',
    'Евразийский экономический союз',
    'Եվրասիական տնտեսական միություն',
  ]),
  entry('bloc', 'UN', 'ООН', 'ՄԱԿ', [
    'United Nations',
    'Организация Объединенных Наций',
    'Միավորված ազգերի կազմակերպություն',
  ]),
  entry('bloc', 'OSCE', 'ОБСЕ', 'ԵԱՀԿ', [
    'Organization for Security and Co-operation in Europe',
    'Организация по безопасности и сотрудничеству в Европе',
    'Եվրոպայում անվտանգության և համագործակցության կազմակերպություն',
  ]),

  entry('region', 'Nagorno-Karabakh', 'Нагорный Карабах', 'Լեռնային Ղարաբաղ', [
    'Nagorno Karabakh',
    'Karabakh',
    'Карабах',
    'Ղարաբաղ',
    'Artsakh',
    'Арцах',
    'Արցախ',
  ]),
  entry('region', 'Syunik', 'Сюник', 'Սյունիք'),
  entry('region', 'Zangezur', 'Зангезур', 'Զանգեզուր'),
  entry('region', 'Lachin corridor', 'Лачинский коридор', 'Լաչինի միջանցք'),
  entry('region', 'Nakhchivan', 'Нахичевань', 'Նախիջևան', ['Nakhichevan', 'Naxçıvan', 'Нахчыван']),

  entry('city', 'Yerevan', 'Ереван', 'Երևան'),
  entry('city', 'Gyumri', 'Гюмри', 'Գյումրի'),
  entry('city', 'Stepanakert', 'Степанакерт', 'Ստեփանակերտ', ['Khankendi', 'Xankəndi', 'Ханкенди']),
  entry('city', 'Baku', 'Баку', 'Բաքու', ['Bakı']),
  entry('city', 'Moscow', 'Москва', 'Մոսկվա'),
  entry('city', 'Tbilisi', 'Тбилиси', 'Թբիլիսի'),
  entry('city', 'Ankara', 'Анкара', 'Անկարա'),
  entry('city', 'Tehran', 'Тегеран', 'Թեհրան'),
  entry('city', 'Brussels', 'Брюссель', 'Բրյուսել'),

  entry('institution', 'Kremlin', 'Кремль', 'Կրեմլ'),

  entry('person', 'Pashinyan', 'Пашинян', 'Փաշինյան', ['Nikol Pashinyan', 'Никол Пашинян', 'Նիկոլ Փաշինյան']),
  entry('person', 'Aliyev', 'Алиев', 'Ալիև', ['Ilham Aliyev', 'Ильхам Алиев', 'Իլհամ Ալիև']),
  entry('person', 'Putin', 'Путин', 'Պուտին', ['Vladimir Putin', 'Владимир Путин', 'Վլադիմիր Պուտին']),
  entry('person', 'Erdogan', 'Эрдоган', 'Էրդողան', ['Erdoğan', 'Recep Tayyip Erdoğan', 'Реджеп Тайип Эрдоган']),
]);

/** Every name of an entry, its own first: English, Russian, Armenian, then the variants. */
export function namesOf(region: RegionName): string[] {
  return [region.en, region.ru, region.hy, ...region.variants];
}

/** The name a chat in this language sees: Russian, Armenian, else the English one. */
export function regionNameIn(region: RegionName, locale: Locale): string {
  return locale === 'ru' ? region.ru : locale === 'hy' ? region.hy : region.en;
}

let byKey: Map<string, RegionName> | undefined;

/** The entry one of whose names has this tag key, if any. */
export function regionNameByKey(key: string): RegionName | undefined {
  if (!byKey) {
    byKey = new Map();
    for (const region of REGION_NAMES) for (const name of namesOf(region)) byKey.set(tagKey(name), region);
  }
  return byKey.get(key);
}

/**
 * A tag's name as a chat in `locale` sees it on cards, buttons and digests: a built-in
 * tag (one whose own name is an entry's English name) under the entry's name in that
 * language (#Armenia as #Армения, #Հայաստան); every other tag as it is named.
 */
export function localTagName(name: string, locale: Locale): string {
  if (locale === 'en') return name;
  const key = tagKey(name);
  const region = regionNameByKey(key);
  return region !== undefined && tagKey(region.en) === key ? regionNameIn(region, locale) : name;
}

/** An article as a chat in `locale` sees it: its tags by localTagName. */
export function localizedView(view: ArticleView, locale: Locale): ArticleView {
  return locale === 'en' ? view : { ...view, tags: view.tags.map((t) => localTagName(t, locale)) };
}
