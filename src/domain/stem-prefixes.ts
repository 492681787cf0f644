/**
 * Which words of a text may have one of a set of stems, told from their first letters
 * without folding or stemming them: the term matcher's filter (tokenize.ts termMatcher).
 *
 * A word's stem, but for its last letter, starts the folded word: the Russian and
 * Armenian stemmers only take letters off a word's end, and English's (Porter's) changes
 * no more than the last letter of what it keeps (happy → happi, dying → dy). So a word
 * can have a stem only if, folded, it starts with that stem minus its last letter (the
 * whole stem when it has one letter). The prefixes make a trie walked letter by letter,
 * each letter folded through a table; most words leave it within two or three letters.
 */

/** A letter that folds to nothing (a combining accent, an Armenian mark): passed over. */
const SKIP = 0xfffe;
/** A code unit whose fold is not one letter, or depends on its neighbours: the word is looked at. */
const LOOK = 0xffff;
/** Σ lower-cases to ς at a word's end and to σ elsewhere. */
const CAPITAL_SIGMA = 0x3a3;

interface Node {
  next: Map<number, Node>;
  /** A prefix ends here: a word that reaches it may have the stem. */
  end: boolean;
}

/**
 * A filter for words that may have one of `stems` (folded). `fold` is the tokenizer's
 * fold of a word (foldToken); `filter(text, start, end)` is false only when the word
 * there cannot have any of them.
 */
export function stemPrefixFilter(
  stems: Iterable<string>,
  fold: (raw: string) => string,
): (text: string, start: number, end: number) => boolean {
  const root: Node = { next: new Map(), end: false };
  const add = (prefix: string) => {
    let node = root;
    for (let i = 0; i < prefix.length; i++) {
      const c = prefix.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  };
  for (const stem of stems) if (stem !== '') add(stem.length > 1 ? stem.slice(0, -1) : stem);
  // Each code unit's fold, filled in as met: 0 not known yet.
  const folds = new Uint16Array(0x10000);
  const foldOf = (c: number): number => {
    if ((c >= 0xd800 && c <= 0xdfff) || c === CAPITAL_SIGMA) return LOOK;
    const folded = fold(String.fromCharCode(c));
    if (folded.length === 0) return SKIP;
    const code = folded.charCodeAt(0);
    return folded.length === 1 && code !== SKIP && code !== LOOK ? code : LOOK;
  };
  return (text, start, end) => {
    let node = root;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      let f = folds[c] as number;
      if (f === 0) folds[c] = f = foldOf(c);
      if (f === SKIP) continue;
      if (f === LOOK) return true;
      const child = node.next.get(f);
      if (child === undefined) return false;
      if (child.end) return true;
      node = child;
    }
    return false;
  };
}
