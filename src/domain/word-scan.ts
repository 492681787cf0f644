/**
 * The words of a text as tokenize.ts defines them (runs of letters, digits, private-use
 * characters and the combining accents U+0300-U+0331; the Armenian marks ՛ ՜ ՞ inside or
 * at the end of a word, when the region's analysis is on), found with a table of
 * character classes instead of a regular expression: the same runs, about three times
 * faster on Russian and Armenian text (the search's exact scoring and the index's
 * analysis read every word of every text they see).
 */

const WORD_CHAR = /[\p{L}\p{N}\p{Co}\u0300-\u0331]/u;
const OTHER = 0;
const WORD = 1;
const MARK = 2;
const SURROGATE = 3;

let classes: Uint8Array | null = null;

/** The class of every UTF-16 code unit, made on first use (about 20 ms). */
function classTable(): Uint8Array {
  if (classes) return classes;
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) table[c] = SURROGATE;
    else if (WORD_CHAR.test(String.fromCharCode(c))) table[c] = WORD;
    else if (c === 0x55b || c === 0x55c || c === 0x55e) table[c] = MARK;
  }
  return (classes = table);
}

/** The class of the character at `i` and its length in code units (2 for a pair of surrogates). */
function classAt(table: Uint8Array, text: string, i: number): number {
  const kind = table[text.charCodeAt(i)] ?? OTHER;
  if (kind !== SURROGATE) return kind;
  const point = text.codePointAt(i) ?? 0;
  if (point <= 0xffff) return OTHER; // a lone surrogate
  return WORD_CHAR.test(String.fromCodePoint(point)) ? WORD + 4 : OTHER + 4;
}

/**
 * Calls `onWord` with the UTF-16 offsets of each word of `text`, in order. `marks`: the
 * Armenian marks continue a word (the region's analysis); otherwise they separate words.
 */
export function scanWords(text: string, marks: boolean, onWord: (start: number, end: number) => void): void {
  const table = classTable();
  const n = text.length;
  let i = 0;
  while (i < n) {
    let kind = classAt(table, text, i);
    // Bit 4 set: a pair of surrogates, two code units.
    let width = kind & 4 ? 2 : 1;
    kind &= 3;
    if (kind !== WORD) {
      i += width;
      continue;
    }
    const start = i;
    i += width;
    while (i < n) {
      kind = classAt(table, text, i);
      width = kind & 4 ? 2 : 1;
      kind &= 3;
      if (kind === WORD || (marks && kind === MARK)) i += width;
      else break;
    }
    onWord(start, i);
  }
}
