import { translate, type Core, type Locale, type Reply } from '../../src/index.ts';
import { adapterReply } from './replies.ts';

/**
 * The guided /post: an admin sends a bare /post in a private chat and is asked for the
 * title, then the tags, then the body, one message each (/cancel stops). The answers
 * are assembled into the core's one-message /post form (src/commands/post-format.ts),
 * which the core validates and posts: no article rule lives here.
 *
 * The guided /edit is one step: after `/edit ID` alone (the core answers with the article
 * as the form), the admin's next message holds the lines that change, and is handled as
 * `/edit ID` followed by them.
 *
 * The answers so far are kept in the database (core.conversations), per chat and person,
 * so the next message may reach any bot process (webhooks behind a load balancer) or one
 * started since. An abandoned post expires GUIDED_POST_TTL_MS after its last answer.
 */

export const GUIDED_POST_TTL_MS = 30 * 60_000;

type Step =
  | { step: 'title' }
  | { step: 'tags'; title: string }
  | { step: 'body'; title: string; tags: string }
  | { step: 'edit'; id: string };

export type GuidedPostOutcome =
  /** Not part of a guided post: handle the message as usual. */
  | { kind: 'pass' }
  /** Answer with this and stop. */
  | { kind: 'reply'; reply: Reply }
  /** The post is complete: run this command line through the core. */
  | { kind: 'post'; commandLine: string };

/** The chat's language, looked up only when the adapter has something to say. */
type LocaleOf = () => Promise<Locale>;

async function say(locale: LocaleOf, status: Reply['status'], id: string): Promise<Reply> {
  const language = await locale();
  return { ...adapterReply(status, translate(language, id)), locale: language };
}

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

/** The conversation's key: one guided post per person and chat. */
export const guidedPostKey = (chatId: string, userId: string) => `telegram:${chatId}:${userId}`;

/** The stored state, read back defensively: another version may have written it. */
function parseStep(data: string | undefined): Step | undefined {
  if (data === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const field = v[key];
    return typeof field === 'string' ? field : undefined;
  };
  const title = text('title');
  const tags = text('tags');
  if (v.step === 'title') return { step: 'title' };
  const id = text('id');
  if (v.step === 'edit' && id !== undefined) return { step: 'edit', id };
  if (v.step === 'tags' && title !== undefined) return { step: 'tags', title };
  if (v.step === 'body' && title !== undefined && tags !== undefined) return { step: 'body', title, tags };
  return undefined;
}

export function createGuidedPosts(conversations: Core['conversations']) {
  const current = async (key: string): Promise<Step | undefined> => parseStep(await conversations.get(key));
  const set = (key: string, state: Step) => conversations.put(key, JSON.stringify(state), GUIDED_POST_TTL_MS);

  return {
    /** Whether this person is in the middle of a guided post in this chat. */
    active: async (chatId: string, userId: string) => (await current(guidedPostKey(chatId, userId))) !== undefined,

    /** A bare /post from a bot admin in a private chat. */
    async begin(chatId: string, userId: string, locale: LocaleOf): Promise<Reply> {
      await set(guidedPostKey(chatId, userId), { step: 'title' });
      return say(locale, 'ok', 'guided-ask-title');
    },

    /** `/edit ID` alone from a bot admin in a private chat, answered with the form: the next message holds the changes. */
    async beginEdit(chatId: string, userId: string, id: string): Promise<void> {
      await set(guidedPostKey(chatId, userId), { step: 'edit', id });
    },

    async cancel(chatId: string, userId: string, locale: LocaleOf): Promise<Reply> {
      const key = guidedPostKey(chatId, userId);
      const had = (await current(key)) !== undefined;
      await conversations.delete(key);
      return say(locale, 'ok', had ? 'guided-cancelled' : 'guided-nothing-to-cancel');
    },

    /** Another command ends a guided post (it is then handled as usual). */
    async end(chatId: string, userId: string): Promise<void> {
      await conversations.delete(guidedPostKey(chatId, userId));
    },

    /** A message (not a command) in a private chat. */
    async next(chatId: string, userId: string, text: string, locale: LocaleOf): Promise<GuidedPostOutcome> {
      const key = guidedPostKey(chatId, userId);
      const state = await current(key);
      if (!state) return { kind: 'pass' };
      const answer = text.trim();
      if (answer === '') return { kind: 'reply', reply: await say(locale, 'error', 'guided-empty') };
      switch (state.step) {
        case 'edit':
          if (!(await conversations.delete(key))) return { kind: 'pass' };
          return { kind: 'post', commandLine: `/edit ${state.id}\n${answer}` };
        case 'title':
          await set(key, { step: 'tags', title: answer });
          return { kind: 'reply', reply: await say(locale, 'ok', 'guided-ask-tags') };
        case 'tags':
          await set(key, { step: 'body', title: state.title, tags: answer });
          return { kind: 'reply', reply: await say(locale, 'ok', 'guided-ask-body') };
        case 'body':
          // Deleted before posting: of two processes given the same last answer, one posts.
          if (!(await conversations.delete(key))) return { kind: 'pass' };
          return { kind: 'post', commandLine: assemblePost(state.title, state.tags, answer) };
      }
    },
  };
}

export type GuidedPosts = ReturnType<typeof createGuidedPosts>;
