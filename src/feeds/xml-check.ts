import { DomHandler, DomUtils, Parser } from 'htmlparser2';
import { MAX_NESTING } from './nesting.ts';

/*
 * The check an XML feed passes before feedsmith reads it. feedsmith's parser
 * (fast-xml-parser) reads a cut-off document as far as it goes, and lets an end tag
 * close whatever element is open: a stray </item> in the channel would end the channel
 * and silently drop the items after it.
 */

/** XML that does not close what it opens: cut off, or not well-formed. */
export class MalformedXmlError extends Error {
  override readonly name = 'MalformedXmlError';
}

export interface CheckedXml {
  /** The root element's name as written ("rss", "rdf:RDF"); null when there is none. */
  root: string | null;
  /** The document, stray end tags removed. */
  text: string;
}

/** The document without its stray end tags: rebuilt by htmlparser2, which ignores them. */
function withoutStrayEndTags(text: string): string {
  const handler = new DomHandler(null, { xmlMode: true });
  new Parser(handler, { xmlMode: true }).end(text);
  return DomUtils.getOuterHTML(handler.root, { xmlMode: true });
}

/**
 * Checks that the XML's elements close in order, in one pass of htmlparser2's tokenizer,
 * no DOCTYPE entity expanded. Throws MalformedXmlError for an element never closed or
 * closed out of place (a truncated download, mismatched tags), or nested more than
 * MAX_NESTING deep. An end tag that closes nothing is tolerated: it is dropped.
 */
export function checkXml(text: string): CheckedXml {
  let root: string | null = null;
  let unclosed: string | null = null;
  let depth = 0;
  let tooDeep = false;
  let endTags = 0;
  let closes = 0;
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        root ??= name;
        if (++depth > MAX_NESTING && !tooDeep) {
          tooDeep = true;
          parser.pause();
        }
      },
      // Each close comes as (name, implied). Implied means no end tag was written: fine
      // for a self-closing <tag/> (the event ends at its "/>"), a fault otherwise.
      onclosetag(name, implied) {
        depth--;
        if (!implied) closes++;
        else if (text[parser.endIndex] !== '>' || text[parser.endIndex - 1] !== '/') unclosed ??= name;
      },
    },
    { xmlMode: true },
  );
  // Every end tag the tokenizer reads: those that close no element leave no close event.
  const endTag = parser.onclosetag.bind(parser);
  parser.onclosetag = (start, end) => {
    endTags++;
    endTag(start, end);
  };
  parser.write(text);
  if (tooDeep) throw new MalformedXmlError(`its elements are nested more than ${MAX_NESTING} deep`);
  parser.end();
  if (unclosed !== null) throw new MalformedXmlError(`<${unclosed}> is never closed, or its end tag is out of place`);
  return { root, text: endTags > closes ? withoutStrayEndTags(text) : text };
}
