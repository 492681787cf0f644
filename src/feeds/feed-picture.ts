import type { MediaNs } from 'feedsmith';
import { pictureUrl } from './dom.ts';
import { firstPicture } from './html-text.ts';

/*
 * An RSS item's or Atom entry's picture, from what feedsmith read of it: Media RSS
 * (under any prefix bound to its namespace), enclosures, the iTunes episode image, and
 * last the first picture in the entry's HTML.
 */

/** An enclosure, media:content, media:thumbnail or Atom link, as feedsmith gives them. */
interface Media {
  url?: string;
  href?: string;
  medium?: string;
  type?: string;
  width?: number;
}

/** An address that names a picture by its file name, for media that give neither medium nor type. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)$/iu;

/** Media that is a picture: by medium, else type, else file name. */
function isPicture(media: Media, url: string): boolean {
  const medium = media.medium?.trim().toLowerCase();
  if (medium) return medium === 'image';
  const type = media.type?.trim().toLowerCase();
  if (type) return type.startsWith('image/');
  return IMAGE_FILE.test(new URL(url).pathname);
}

/** The widest picture among `list` (the first of equal width); `any` takes media that need not say they are pictures (thumbnails). */
function widest(list: readonly Media[] | undefined, base: string, any = false): string | null {
  let best: { url: string; width: number } | null = null;
  for (const media of list ?? []) {
    const url = pictureUrl(media.url ?? media.href, base);
    if (url === null || (!any && !isPicture(media, url))) continue;
    const width = media.width ?? 0;
    if (best === null || width > best.width) best = { url, width };
  }
  return best?.url ?? null;
}

export interface EntryMedia {
  media?: MediaNs.ItemOrFeed;
  /** RSS <enclosure>s. */
  enclosures?: readonly Media[];
  /** Atom links (an Atom entry's, or atom:link in an RSS item): those with rel="enclosure" count. */
  links?: readonly (Media & { rel?: string })[];
  /** The iTunes (podcast) episode image. */
  itunesImage?: string;
}

/**
 * The entry's picture, best first: Media RSS image media:content (the widest),
 * media:thumbnail, the same inside media:group, a thumbnail of a non-image media:content
 * (a video's), an image <enclosure>, an Atom <link rel="enclosure"> to an image, the
 * iTunes episode image, and last the first picture in the entry's HTML (`html`, resolved
 * against `htmlBase`: the entry's link). Media addresses resolve against `base`, as
 * links do. Only http(s) pictures, never SVG.
 */
export function entryPicture(entry: EntryMedia, base: string, html: string | null, htmlBase: string): string | null {
  const { media } = entry;
  const groups = media?.groups ?? [];
  const groupContents = groups.flatMap((g) => g.contents ?? []);
  const enclosureLinks = entry.links?.filter((l) => l.rel?.trim().toLowerCase() === 'enclosure');
  return (
    widest(media?.contents, base) ??
    widest(media?.thumbnails, base, true) ??
    widest(groupContents, base) ??
    widest(
      groups.flatMap((g) => g.thumbnails ?? []),
      base,
      true,
    ) ??
    widest(
      [...(media?.contents ?? []), ...groupContents].flatMap((c) => c.thumbnails ?? []),
      base,
      true,
    ) ??
    widest(entry.enclosures, base) ??
    widest(enclosureLinks, base) ??
    pictureUrl(entry.itunesImage, base) ??
    (html === null ? null : firstPicture(html, htmlBase))
  );
}
