import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { snowballStem, STEM_APART } from '../../src/domain/stop-stems.ts';
import { TEST_DATABASE_URL } from '../helpers/dialects.ts';
import {
  adjacent,
  foldToken,
  indexTerm,
  stemVariants,
  hasPhrase,
  HIT_END,
  HIT_START,
  indexTerms,
  porterStem,
  snippetFrom,
  termMatcher,
  tokenize,
} from '../../src/domain/tokenize.ts';

/** FTS5 itself, tokenizing as the articles index does: the reference for the TypeScript port. */
let fts: SQLite.Database;
beforeAll(() => {
  fts = new SQLite(':memory:');
  fts.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE terms USING fts5vocab(t, 'instance');`);
});
afterAll(() => fts.close());

function indexed(text: string): string[] {
  fts.exec('DELETE FROM t');
  fts.prepare('INSERT INTO t (rowid, x) VALUES (1, ?)').run(text);
  return (fts.prepare('SELECT term FROM terms ORDER BY "offset"').all() as { term: string }[]).map((r) => r.term);
}

describe('the tokenizer matches the FTS5 index word for word', () => {
  const english = [
    'caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping',
    'tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci hesitanci',
    'digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator',
    'feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative',
    'formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic',
    'adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate',
    'angulariti homologous effective bowdlerize probate rate cease controll roll agreement prices OPEC',
  ];
  it.each(english)('Porter stems: %s', (line) => {
    expect(indexTerms(line)).toEqual(indexed(line));
  });

  it.each([
    ['accents folded on Latin letters', 'Café Zürich naïve résumé São Paulo Łódź Ærø İstanbul'],
    ['decomposed accents', 'e\u0301cole cafe\u0301'],
    ['Greek keeps its accents', 'Ελλάδα Αθήνα άλλο'],
    ['CJK runs stay one token', '東京都 中文'],
    ['punctuation splits words', "don't U.S. co-op e-mail 3.5% C++"],
    ['full-width letters', 'ＡＢＣ ｆｕｌｌ'],
    ['UTF-8 bytes count in the stemmer', 'Straße Größe'],
  ])('%s', (_name, text) => {
    expect(indexTerms(text)).toEqual(indexed(text));
  });

  it('keeps token offsets into the original text', () => {
    const text = 'Oil: Prices ROSE';
    expect(tokenize(text).map((t) => [t.text, text.slice(t.start, t.end)])).toEqual([
      ['oil', 'Oil'],
      ['prices', 'Prices'],
      ['rose', 'ROSE'],
    ]);
  });

  it('leaves short and over-long tokens unstemmed', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('a'.repeat(70) + 'ing')).toBe('a'.repeat(70) + 'ing');
  });
});

describe('Russian and Armenian', () => {
  it('fold as tag keys do: ё as е, և as եւ, the Armenian marks inside a word', () => {
    expect(tokenize('Ещё ЁЛКА').map((t) => t.text)).toEqual(['еще', 'елка']);
    expect(tokenize('Երևան Երեւան').map((t) => t.text)).toEqual(['երեւան', 'երեւան']);
    expect(tokenize('Ինչո՞ւ, այո՛։ Բարև՝ ընկեր').map((t) => t.text)).toEqual(['ինչու', 'այո', 'բարեւ', 'ընկեր']);
    expect(foldToken('Ինչո՞ւ')).toBe('ինչու');
  });

  it('stem each word by its script: Snowball Russian, Snowball Armenian, Porter for Latin', () => {
    expect(indexTerms('Армения Армении Арменией АРМЕНИЮ')).toEqual(['армен', 'армен', 'армен', 'армен']);
    expect(indexTerms('Հայաստան Հայաստանի Հայաստանում')).toEqual(['հայաստ', 'հայաստ', 'հայաստ']);
    expect(indexTerms('ещё еще')).toEqual(['ещ', 'ещ']);
    expect(indexTerms('Prices Цены Երևանի')).toEqual(['price', 'цен', 'երեւ']);
    // Only the region's own scripts get a stemmer; Greek stays whole.
    expect(indexTerms('Ελλάδα')).toEqual(['ελλάδα']);
  });

  it('keep a word that Snowball stems as a stop word apart from the stop word', () => {
    // "тема" stems as the stop word "тем" does; "պետական" as "պետք"; "ось" as "о".
    const [topic, topics, theirs] = indexTerms('тема темы тем');
    expect(topic).toBe(`тем${STEM_APART}`);
    expect(topics).toBe(topic);
    expect(theirs).toBe('тем');
    expect(indexTerms('պետական պետք')).toEqual([`պետ${STEM_APART}`, 'պետ']);
    expect(indexTerms('ось о')).toEqual([`о${STEM_APART}`, 'о']);
    expect(indexTerms('Армения тем')).toEqual(['армен', 'тем']);
    // English stays Porter's, as FTS5 applies it: "wills" and the stop word "will" share a stem.
    expect(indexTerms('wills will')).toEqual(['will', 'will']);
    expect(snowballStem(`тем${STEM_APART}`)).toBe('тем');
    // The index sees one word: the mark is a word character to FTS5 and to the tokenizer.
    expect(tokenize(`тем${STEM_APART} армен`).map((t) => t.text)).toEqual([`тем${STEM_APART}`, 'армен']);
  });

  it('keeps token offsets into the original text, marks and all', () => {
    const text = 'Ինչո՞ւ Ереван';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['Ինչո՞ւ', 'Ереван']);
  });

  // PostgreSQL's russian_stem and armenian_stem are the reference Snowball algorithms in C.
  it.runIf(TEST_DATABASE_URL !== undefined)('agree with the reference Snowball stemmers', async () => {
    const words = [
      ...'тема темы теме ось պետական'.split(' '),
      ...'армения армении арменией россия российский российская путина переговоры переговоров министерства министр заявил заявила'.split(
        ' ',
      ),
      ...'договоренности безопасности сотрудничества экономический экономика правительство правительства нефть нефти цены ценами'.split(
        ' ',
      ),
      ...'հայաստան հայաստանի հայաստանում երեւան երեւանի վարչապետ վարչապետի կառավարություն կառավարության նախարարություն'.split(
        ' ',
      ),
      ...'տնտեսական տնտեսություն քաղաքական խորհրդարանի ընտրություններ ընտրությունների սահմանին պատերազմ պատերազմի'.split(
        ' ',
      ),
    ];
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ w: string; stem: string[] }>(
        `SELECT w, ts_lexize(CASE WHEN w ~ '[а-я]' THEN 'russian_stem' ELSE 'armenian_stem' END::regdictionary, w) AS stem
         FROM unnest($1::text[]) AS w`,
        [words],
      );
      // Stop words give no lexeme in PostgreSQL; the index keeps them, so they are skipped here.
      const compared = rows.filter((r) => r.stem.length > 0);
      expect(compared.length).toBeGreaterThan(40);
      for (const r of compared) expect([r.w, snowballStem(indexTerm(r.w))]).toEqual([r.w, r.stem[0]]);
    } finally {
      await client.end();
    }
  });
});

describe('matching query terms in text', () => {
  it('finds every form of a stem, in English and other scripts', () => {
    const matcher = termMatcher(['price', 'oil', indexTerm('армения')]);
    const english = 'Oil prices rose; the PRICE of oils and a priced barrel. Spices are not prices.';
    expect(matcher.find(english).map((o) => english.slice(o.start, o.end))).toEqual([
      'Oil',
      'prices',
      'PRICE',
      'oils',
      'priced',
      'prices',
    ]);
    const russian = 'Армения и АРМЕНИЯ, а также Армении, но не армянский.';
    expect(matcher.find(russian).map((o) => russian.slice(o.start, o.end))).toEqual(['Армения', 'АРМЕНИЯ', 'Армении']);
  });

  it('finds in Russian and Armenian text exactly what tokenizing it in full finds', () => {
    const texts = [
      'Премьер АРМЕНИИ прибыл в Москву; ещё раз о ЁЛКАХ и Ёлке. OPEC и ОПЕК-2024, нефтяной рынок.',
      'Երևանում, ԵՐԵՎԱՆԻ և Երեւանի կառավարությունը։ Հայաստանի OPEC-ը 2024-ին',
      'Смешанный текст: oil prices, Цены на нефть, prices rose; Москва—Ереван.',
      'Ինչո՞ւ է Café-ում, São Paulo и Армения',
    ];
    const words = [
      'армения',
      'москва',
      'еще',
      'елка',
      'опек',
      'нефть',
      'ереван',
      'հայաստան',
      'երեւան',
      'opec',
      'price',
      'ինչու',
      'cafe',
      '2024',
    ];
    const stems = words.map(indexTerm);
    const variants = new Map<string, number>();
    words.forEach((w, i) => {
      for (const v of stemVariants(w).slice(1)) if (!variants.has(v)) variants.set(v, i);
    });
    const matcher = termMatcher(stems, variants);
    const lookup = new Map([...stems.map((s, i) => [s, i] as const), ...variants]);
    for (const text of texts) {
      const full = tokenize(text).flatMap((t) => {
        const term =
          stems.indexOf(indexTerm(t.text)) >= 0 ? stems.indexOf(indexTerm(t.text)) : lookup.get(indexTerm(t.text));
        return term === undefined ? [] : [{ term, start: t.start, end: t.end }];
      });
      expect(matcher.find(text)).toEqual(full);
      expect(full.length).toBeGreaterThan(1);
    }
  });

  it('tells adjacent words from words apart', () => {
    const text = 'oil, prices and oil output prices';
    const hits = termMatcher(['oil', 'price']).find(text);
    expect(hasPhrase(text, hits, [0, 1])).toBe(true);
    expect(hasPhrase('oil output prices', termMatcher(['oil', 'price']).find('oil output prices'), [0, 1])).toBe(false);
    expect(adjacent('a - b', 1, 4)).toBe(true);
    expect(adjacent('a x b', 1, 4)).toBe(false);
  });

  it('cuts a snippet around the most query words and marks them', () => {
    const body = `${'Filler words here. '.repeat(20)}The OPEC ministers agreed on oil output today. ${'More filler. '.repeat(30)}`;
    const snippet = snippetFrom(body, termMatcher(['opec', 'oil']).find(body), 2) ?? '';
    expect(snippet.startsWith('…The ')).toBe(true);
    expect(snippet).toContain(`${HIT_START}OPEC${HIT_END} ministers agreed on ${HIT_START}oil${HIT_END} output`);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippetFrom('No match here.', [], 2)).toBeNull();
  });
});
