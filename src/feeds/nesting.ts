import { Parser } from 'htmlparser2';

/*
 * htmlparser2 keeps its open elements in an array it shifts, so each element costs as
 * much as the elements it sits in: 100,000 nested <div>s (half a megabyte) take it, and
 * linkedom, which parses with it, many seconds. No feed or article nests anywhere near
 * as deep, so the readers stop there: the XML check refuses such a feed, the HTML
 * readers read no further.
 */

/** Deepest nesting of elements read in a feed, a page or an entry's HTML. */
export const MAX_NESTING = 1_000;

/** `html` up to where its elements nest deeper than MAX_NESTING, as htmlparser2 (and so linkedom) reads it: as a rule, all of it. */
export function cutAtMaxNesting(html: string): string {
  let depth = 0;
  let cut: number | null = null;
  const parser: Parser = new Parser({
    onopentag() {
      depth++;
      if (depth > MAX_NESTING && cut === null) {
        cut = parser.startIndex;
        parser.pause();
      }
    },
    onclosetag() {
      depth--;
    },
  });
  parser.write(html);
  return cut === null ? html : html.slice(0, cut);
}
