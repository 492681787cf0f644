import type { CoreDeps } from '../app/deps.ts';
import { MAX_BODY_LENGTH, MAX_COMMAND_LENGTH, MAX_SOURCE_LENGTH, MAX_TITLE_LENGTH } from '../domain/article.ts';
import { UserInputError } from '../domain/errors.ts';
import { asHashtag, hashtagsOnLine, tagKey } from '../domain/tags.ts';
import { stripControls, truncateAtWord } from '../domain/text.ts';
import { entryTags } from './entry-article.ts';
import { fetchSource, PAGE_ACCEPT, SourceFetchError } from './fetch.ts';
import { extractPage, type PageArticle } from './page.ts';

/*
 * /post URL: fetch a page, read its article, and write the one-message /post form for
 * it, so that posting goes through the same path as a typed /post.
 */

/** Content types read as a web page; anything else (an image, a PDF) is refused. */
const PAGE_TYPES = /^(?:text\/html|application\/xhtml\+xml|text\/plain|application\/xml|text\/xml)?\s*(?:;|$)/iu;

export interface LinkPreview {
  page: PageArticle;
  /** The tags the article would get: those typed after the URL, then the page's keywords. */
  tags: string[];
  /** The /post form for it; empty tags line when there are none. */
  form: string;
}

/** Lines of the /post form that parsePostMessage reads as headers: a title must not look like one. */
const HEADER_LIKE = /^(tags?|url|link|image|picture|source|date|id|lang|language)\s*:/iu;

export function postForm(page: PageArticle, tags: readonly string[]): string {
  let title = truncateAtWord(stripControls(page.title).replace(/\s+/gu, ' ').trim(), MAX_TITLE_LENGTH);
  if (HEADER_LIKE.test(title)) title = title.replace(/:/u, ' —');
  const head = [
    `/post ${title}`,
    `tags: ${tags.join(', ')}`,
    `url: ${page.url}`,
    ...(page.image ? [`image: ${page.image}`] : []),
    ...(page.source
      ? [`source: ${truncateAtWord(stripControls(page.source).replace(/\s+/gu, ' ').trim(), MAX_SOURCE_LENGTH)}`]
      : []),
    ...(page.publishedAt ? [`date: ${page.publishedAt.toISOString()}`] : []),
  ].join('\n');
  const guard = guardLine(tags);
  const room = Math.min(MAX_BODY_LENGTH, MAX_COMMAND_LENGTH - head.length - 100 - (guard?.length ?? 0));
  let body = Array.from(page.body).length > room ? truncateAtWord(page.body, room) : page.body;
  if (endsInHashtags(body)) {
    // /post reads hashtags alone on the body's last line as more tags and drops them
    // from the body. Post exactly what the preview showed: the page's hashtags stay
    // text, and a last line naming a tag the form already gives is read (and dropped)
    // instead. No tag writable as a hashtag ("C#"): the hashtags join the line before.
    if (guard !== null) body = `${body}\n${guard}`;
    else {
      body = body.replace(/\s*\n(?=[^\n]*$)/u, ' ').trimStart();
      // Nothing but hashtags and no tag to guard them with: the tags win over the text.
      if (endsInHashtags(body)) body = '';
    }
  }
  return body === '' ? head : `${head}\n\n${body}`;
}

function endsInHashtags(body: string): boolean {
  const lines = body.trimEnd().split('\n');
  const last = lines[lines.length - 1];
  if (last === undefined || last.trim() === '') return false;
  try {
    return hashtagsOnLine(last) !== null;
  } catch {
    return true; // hashtags /post would refuse (an over-long one): guard them too
  }
}

/** A hashtag line that /post reads as one of `tags` and nothing else, if one of them can be a hashtag. */
function guardLine(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const line = asHashtag(tag);
    try {
      const read = hashtagsOnLine(line);
      if (read?.length === 1 && read[0]?.key === tagKey(tag)) return line;
    } catch {
      /* not a hashtag /post can read: try the next */
    }
  }
  return null;
}

/** Fetches the page at `url` and prepares its post. Throws UserInputError, worded for the admin. */
export async function previewLink(deps: CoreDeps, url: string, typedTags: readonly string[]): Promise<LinkPreview> {
  let fetched;
  try {
    fetched = await fetchSource({ url, accept: PAGE_ACCEPT }, deps.config.feeds);
  } catch (err) {
    if (err instanceof SourceFetchError)
      throw new UserInputError(`Could not read ${url.slice(0, 200)}: ${err.message}`);
    throw err;
  }
  if (fetched.status !== 'ok')
    throw new UserInputError(`Could not read ${url.slice(0, 200)}: the server sent no page.`);
  if (!PAGE_TYPES.test(fetched.contentType)) {
    throw new UserInputError(
      `${url.slice(0, 200)} is not a web page (${fetched.contentType.split(';')[0]?.slice(0, 60)}); post it with the /post form instead.`,
    );
  }
  const page = extractPage(fetched.text, fetched.url);
  if (page.title === '')
    throw new UserInputError(`I found no title on ${url.slice(0, 200)}; post it with the /post form instead.`);
  const tags = entryTags(typedTags, page.keywords);
  return { page, tags, form: postForm(page, tags) };
}
