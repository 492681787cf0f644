/**
 * The stream of posts: each article goes in through the bot's HTTP ingest API
 * (POST /api/articles), with an `id` of its own so a retry is safe: a post whose answer
 * was lost (the bot killed mid-request) and that had been stored answers 200 with the
 * article the second time and is delivered once. A post is retried until acknowledged.
 */
import { articleTags, articleTitle, tagName } from './population.ts';
import type { Ledger } from './ledger.ts';

/** One request's timeout, and how long a post may go unacknowledged before the soak gives up. */
const REQUEST_TIMEOUT_MS = 15_000;
const GIVE_UP_MS = 180_000;
const RETRY_PAUSE_MS = 300;

interface IngestAnswer {
  created?: boolean;
  recipients?: number;
  article?: { id?: string };
}

export class Poster {
  /** Public ids of the acknowledged articles, in posting order. */
  readonly publicIds: string[] = [];
  /** Requests that failed (connection refused or reset, timeouts, 5xx) and were sent again. */
  retries = 0;
  /** Acknowledged as already stored: the first request's answer was lost. */
  alreadyStored = 0;
  /** Recipients as the bot counted them at each fan-out. */
  recipients = 0;

  constructor(
    private readonly url: () => string,
    private readonly token: string,
    private readonly ledger: Ledger,
    private readonly random: () => number,
  ) {}

  /** Posts article `n` and waits for it to be acknowledged. */
  async post(n: number): Promise<void> {
    const tags = articleTags(n, this.random);
    const body = {
      id: `soak-${n}`,
      title: articleTitle(n, tags),
      tags: tags.map(tagName),
      body: `Soak report ${n}. Markets, weather and politics in the region, as a wire service would send them.`,
    };
    const started = Date.now();
    for (;;) {
      const answer = await this.request(body);
      if (answer) {
        const id = answer.article?.id;
        if (typeof id !== 'string') throw new Error(`the ingest API answered without an article id for soak-${n}`);
        this.publicIds.push(id);
        if (answer.created === false) this.alreadyStored++;
        this.recipients += answer.recipients ?? 0;
        this.ledger.addArticle(n, tags);
        return;
      }
      this.retries++;
      if (Date.now() - started > GIVE_UP_MS) throw new Error(`soak-${n} was not acknowledged in ${GIVE_UP_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }

  /** The answer, or null when the request should be sent again. */
  private async request(body: Record<string, unknown>): Promise<IngestAnswer | null> {
    try {
      const res = await fetch(`${this.url()}/api/articles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.status >= 500) return null;
      if (res.status !== 200 && res.status !== 201)
        throw new Error(`the ingest API refused ${String(body.id)}: ${res.status} ${text}`);
      return JSON.parse(text) as IngestAnswer;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('the ingest API refused')) throw err;
      return null;
    }
  }
}
