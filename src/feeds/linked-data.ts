/** What a page's schema.org JSON-LD says about its article, when it says anything. */
export interface LinkedArticle {
  headline?: string;
  datePublished?: string;
  keywords: string[];
  articleBody?: string;
  publisher?: string;
  /**
   * The article's `image` addresses as written (a URL, an ImageObject's url or contentUrl,
   * a list of either; a reference by @id to an ImageObject elsewhere in the same script),
   * in order; not yet resolved or checked.
   */
  images: string[];
}

const ARTICLE_TYPES = /(?:Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$/u;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Every object in a JSON-LD value: arrays and @graph flattened. */
function objects(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(objects);
  if (!isObject(value)) return [];
  return [value, ...objects(value['@graph'])];
}

function isArticle(o: Json): boolean {
  const type = o['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t));
}

/** The addresses a schema.org `image` value names, following an @id to an object in `all`. */
function imageUrls(value: unknown, all: readonly Json[]): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => imageUrls(v, all));
  const url = str(value);
  if (url !== undefined) return [url];
  if (!isObject(value)) return [];
  const direct = str(value.url) ?? str(value.contentUrl);
  if (direct !== undefined) return [direct];
  const id = str(value['@id']);
  const target = id === undefined ? undefined : all.find((o) => o !== value && o['@id'] === id);
  return target ? [str(target.url) ?? str(target.contentUrl)].filter((u): u is string => u !== undefined) : [];
}

/**
 * Reads the first schema.org Article (NewsArticle, BlogPosting...) from the texts of a
 * page's <script type="application/ld+json"> elements, in page order.
 */
export function readLinkedData(scripts: Iterable<string>): LinkedArticle | null {
  for (const script of scripts) {
    let all: Json[];
    try {
      all = objects(JSON.parse(script));
    } catch {
      continue; // broken (or absurdly nested) JSON-LD is common; the page's other metadata still counts
    }
    const article = all.find(isArticle);
    if (!article) continue;
    const keywords = article.keywords;
    const publisher = article.publisher;
    return {
      headline: str(article.headline),
      datePublished: str(article.datePublished),
      keywords: Array.isArray(keywords)
        ? keywords.map(str).filter((k): k is string => k !== undefined)
        : (str(keywords) ?? '').split(',').filter((k) => k.trim() !== ''),
      articleBody: str(article.articleBody),
      publisher: isObject(publisher) ? str(publisher.name) : undefined,
      images: imageUrls(article.image, all),
    };
  }
  return null;
}
