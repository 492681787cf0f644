/**
 * Who the soak's subscribers are and what they follow, and what each posted article
 * carries: generated from the seed, so the soak knows every expected (subscriber,
 * article) pair on its own, without asking the bot's database.
 *
 * Every subscriber follows `World` and two of TOPICS topic tags. Article 0 carries
 * `World`: it reaches everyone (the 50,000-chat fan-out). Every later article carries one
 * topic tag, or two (3 in 10), so it reaches about 5% (or 10%) of the subscribers.
 * One subscriber in a hundred is a group (Telegram's 20 messages a minute per group), the
 * rest private chats.
 */

/** Topic tags besides `World`. */
export const TOPICS = 40;
/** Private chats are FIRST_USER + i; groups are -(FIRST_GROUP + i). */
export const FIRST_USER = 1_000_000;
export const FIRST_GROUP = 1_000_000_000_000;
const GROUP_EVERY = 100;

/** Tag index 0 is World; 1..TOPICS are topics. */
export function tagName(index: number): string {
  return index === 0 ? 'World' : `Topic${String(index).padStart(2, '0')}`;
}

export interface Population {
  count: number;
  /** Per subscriber: its two topic tags (indexes 1..TOPICS). */
  topicA: Uint8Array;
  topicB: Uint8Array;
  isGroup(index: number): boolean;
  chatId(index: number): number;
  /** The subscriber a chat id belongs to, or -1. */
  indexOf(chatId: number): number;
  /** Whether subscriber `index` follows one of these tags. */
  follows(index: number, tags: readonly number[]): boolean;
}

export function createPopulation(count: number, random: () => number): Population {
  const topicA = new Uint8Array(count);
  const topicB = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const a = 1 + Math.floor(random() * TOPICS);
    let b = 1 + Math.floor(random() * (TOPICS - 1));
    if (b >= a) b++;
    topicA[i] = a;
    topicB[i] = b;
  }
  const isGroup = (index: number) => index % GROUP_EVERY === GROUP_EVERY - 1;
  return {
    count,
    topicA,
    topicB,
    isGroup,
    chatId: (index) => (isGroup(index) ? -(FIRST_GROUP + index) : FIRST_USER + index),
    indexOf(chatId) {
      const index = chatId > 0 ? chatId - FIRST_USER : -chatId - FIRST_GROUP;
      return Number.isInteger(index) && index >= 0 && index < count && this.chatId(index) === chatId ? index : -1;
    },
    follows(index, tags) {
      return tags.some((t) => t === 0 || t === topicA[index] || t === topicB[index]);
    },
  };
}

/** Article `n`'s tags (indexes): World for the first, then one topic or two. */
export function articleTags(n: number, random: () => number): number[] {
  if (n === 0) return [0];
  const first = 1 + Math.floor(random() * TOPICS);
  if (random() >= 0.3) return [first];
  const second = 1 + ((first + Math.floor(random() * (TOPICS - 1))) % TOPICS);
  return [first, second];
}

/** The title the soak gives article `n`; `articleNumber` reads it back from a delivered card. */
export function articleTitle(n: number, tags: readonly number[]): string {
  return `Soak ${n}: news on ${tags.map(tagName).join(' and ')}`;
}

export function articleNumber(text: string): number | null {
  const m = /Soak (\d+): news on/u.exec(text);
  return m ? Number(m[1]) : null;
}
