import type { Reply } from '../../src/index.ts';
import { adapterReply } from './replies.ts';

/**
 * The guided /post: an admin sends a bare /post in a private chat and is asked for the
 * title, then the tags, then the body, one message each (/cancel stops). The answers
 * are assembled into the core's one-message /post form (src/commands/post-format.ts),
 * which the core validates and posts: no article rule lives here.
 *
 * State is per chat and in memory: a restart forgets a half-finished post, which costs
 * the admin a few messages, and an abandoned one expires after GUIDED_POST_TTL_MS.
 */

export const GUIDED_POST_TTL_MS = 30 * 60_000;

type Step =
  | { step: 'title' }
  | { step: 'tags'; title: string }
  | { step: 'body'; title: string; tags: string };

export type GuidedPostOutcome =
  /** Not part of a guided post: handle the message as usual. */
  | { kind: 'pass' }
  /** Answer with this and stop. */
  | { kind: 'reply'; reply: Reply }
  /** The post is complete: run this command line through the core. */
  | { kind: 'post'; commandLine: string };

const ASK_TITLE = adapterReply('ok', 'Let\'s post an article. Send its title (or /cancel).');
const ASK_TAGS = adapterReply('ok', 'Now its tags: separated by commas (Armenia, CSTO) or as hashtags (#Armenia #CSTO).');
const ASK_BODY = adapterReply('ok', 'Now the text of the article. You may start it with lines such as "url: https://…", "source: …" or "date: 2024-05-01".');

/** Hashtags only (`#Armenia #CSTO`): the form reads them as the body's last line. */
const HASHTAGS_ONLY = /^[#＃][^\s#＃]+(?:\s+[#＃][^\s#＃]+)*$/u;

/** The one-message /post form from the three answers. */
export function assemblePost(title: string, tags: string, body: string): string {
  const cleanTags = tags.replace(/\s+/gu, ' ').trim();
  const hashtagLine = HASHTAGS_ONLY.test(cleanTags);
  const lines = [`/post ${title.replace(/\s+/gu, ' ').trim()}`];
  if (!hashtagLine) lines.push(`tags: ${cleanTags}`);
  lines.push(body.trim());
  if (hashtagLine) lines.push('', cleanTags);
  return lines.join('\n');
}

export function createGuidedPosts(now: () => number = Date.now) {
  const states = new Map<string, { state: Step; until: number }>();

  const current = (chatId: string): Step | undefined => {
    const entry = states.get(chatId);
    if (entry && entry.until > now()) return entry.state;
    states.delete(chatId);
    return undefined;
  };
  const set = (chatId: string, state: Step) => {
    for (const [id, entry] of states) if (entry.until <= now()) states.delete(id);
    states.set(chatId, { state, until: now() + GUIDED_POST_TTL_MS });
  };

  return {
    /** Whether this chat is in the middle of a guided post. */
    active: (chatId: string) => current(chatId) !== undefined,

    /** A bare /post from a bot admin in a private chat. */
    begin(chatId: string): Reply {
      set(chatId, { step: 'title' });
      return ASK_TITLE;
    },

    cancel(chatId: string): Reply {
      const had = current(chatId) !== undefined;
      states.delete(chatId);
      return had ? adapterReply('ok', 'Cancelled. Nothing was posted.') : adapterReply('ok', 'There is nothing to cancel.');
    },

    /** Another command ends a guided post (it is then handled as usual). */
    end(chatId: string): void {
      states.delete(chatId);
    },

    /** A message (not a command) in a private chat. */
    next(chatId: string, text: string): GuidedPostOutcome {
      const state = current(chatId);
      if (!state) return { kind: 'pass' };
      const answer = text.trim();
      if (answer === '') return { kind: 'reply', reply: adapterReply('error', 'That was empty. Try again, or /cancel.') };
      switch (state.step) {
        case 'title':
          set(chatId, { step: 'tags', title: answer });
          return { kind: 'reply', reply: ASK_TAGS };
        case 'tags':
          set(chatId, { step: 'body', title: state.title, tags: answer });
          return { kind: 'reply', reply: ASK_BODY };
        case 'body':
          states.delete(chatId);
          return { kind: 'post', commandLine: assemblePost(state.title, state.tags, answer) };
      }
    },
  };
}

export type GuidedPosts = ReturnType<typeof createGuidedPosts>;
