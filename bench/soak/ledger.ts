/**
 * The soak's account of deliveries, kept from the emulator's side: every sendMessage the
 * emulator accepted for a subscriber's chat is one delivery of the article its text names
 * (articleNumber). Compared with the pairs the soak expects (population.ts: a subscriber
 * gets an article when it follows one of its tags), that gives what was lost, repeated,
 * sent to someone who should not have had it, or sent out of order.
 */
import { articleNumber, type Population } from './population.ts';

export interface LedgerSummary {
  articles: number;
  /** (subscriber, article) pairs that should be delivered. */
  expected: number;
  /** Accepted sendMessage calls to subscribers (all, repeats included). */
  sends: number;
  /** Expected pairs delivered at least once. */
  delivered: number;
  /** Expected pairs never delivered. */
  lost: number;
  /** Sends beyond the first of a pair. */
  duplicates: number;
  /** Pairs delivered once or more that were not expected (or of an article never posted). */
  unexpected: number;
  /** Deliveries to a chat of an article older than one it had already received. */
  outOfOrder: number;
  /** Messages to subscribers that name no soak article. */
  unrecognised: number;
}

export class Ledger {
  /** Per article number: how many times each subscriber got it. */
  private readonly received = new Map<number, Uint8Array>();
  private readonly posted = new Map<number, readonly number[]>();
  private readonly latest: Int32Array;
  private sends = 0;
  private outOfOrder = 0;
  private unrecognised = 0;

  constructor(private readonly population: Population) {
    this.latest = new Int32Array(population.count).fill(-1);
  }

  /** Article `n`, with these tags, is in the archive (its post was acknowledged). */
  addArticle(n: number, tags: readonly number[]): void {
    this.posted.set(n, tags);
  }

  /** A message the emulator accepted for `chatId`, with this text. Not a subscriber's chat: ignored. */
  record(chatId: number, text: string): void {
    const index = this.population.indexOf(chatId);
    if (index < 0) return;
    const n = articleNumber(text);
    if (n === null) {
      this.unrecognised++;
      return;
    }
    this.sends++;
    let counts = this.received.get(n);
    if (!counts) {
      counts = new Uint8Array(this.population.count);
      this.received.set(n, counts);
    }
    counts[index] = Math.min(255, (counts[index] ?? 0) + 1);
    const last = this.latest[index] ?? -1;
    if (n < last) this.outOfOrder++;
    else this.latest[index] = n;
  }

  /** Expected pairs not delivered yet. */
  missing(): number {
    let missing = 0;
    for (const [n, tags] of this.posted) {
      const counts = this.received.get(n);
      for (let i = 0; i < this.population.count; i++)
        if ((counts?.[i] ?? 0) === 0 && this.population.follows(i, tags)) missing++;
    }
    return missing;
  }

  summary(): LedgerSummary {
    let expected = 0;
    let delivered = 0;
    let duplicates = 0;
    let unexpected = 0;
    for (const [n, counts] of this.received) {
      const tags = this.posted.get(n);
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i] ?? 0;
        if (c === 0) continue;
        if (!tags || !this.population.follows(i, tags)) unexpected++;
        else duplicates += c - 1;
      }
    }
    for (const [n, tags] of this.posted) {
      const counts = this.received.get(n);
      for (let i = 0; i < this.population.count; i++) {
        if (!this.population.follows(i, tags)) continue;
        expected++;
        if ((counts?.[i] ?? 0) > 0) delivered++;
      }
    }
    return {
      articles: this.posted.size,
      expected,
      sends: this.sends,
      delivered,
      lost: expected - delivered,
      duplicates,
      unexpected,
      outOfOrder: this.outOfOrder,
      unrecognised: this.unrecognised,
    };
  }
}
