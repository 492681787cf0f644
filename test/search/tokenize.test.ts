import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adjacent,
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
    ['Cyrillic kept whole, case folded', 'АРМЕНИЯ заморозила участие в ОДКБ; Ёлка й'],
    ['Armenian', 'Հայաստանը ՀԱՊԿ-ից դուրս է գալիս'],
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

describe('matching query terms in text', () => {
  it('finds every form of a stem, in English and other scripts', () => {
    const matcher = termMatcher(['price', 'oil', 'армения']);
    const english = 'Oil prices rose; the PRICE of oils and a priced barrel. Spices are not prices.';
    expect(matcher.find(english).map((o) => english.slice(o.start, o.end))).toEqual([
      'Oil',
      'prices',
      'PRICE',
      'oils',
      'priced',
      'prices',
    ]);
    const russian = 'Армения и АРМЕНИЯ, но не Армении.';
    expect(matcher.find(russian).map((o) => russian.slice(o.start, o.end))).toEqual(['Армения', 'АРМЕНИЯ']);
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
