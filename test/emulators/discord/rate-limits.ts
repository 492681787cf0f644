import { createHash } from 'node:crypto';

/**
 * Discord's rate limits (Topics › Rate Limits), as the emulator enforces them.
 *
 * - Every answer to a routed request carries its bucket's headers: X-RateLimit-Limit,
 *   -Remaining, -Reset (epoch seconds), -Reset-After (seconds, with milliseconds) and
 *   -Bucket (one hash per route, without its top-level resource).
 * - Per-route buckets are counted per top-level resource ("major parameter"): the
 *   channel, the guild, or the webhook with its token. A bucket's window starts with
 *   its first request and it refills when the window ends, which is what Remaining and
 *   Reset-After describe. POST /channels/{id}/messages allows 5 per 5 s per channel
 *   (the limit long seen on Discord and cited in its old docs; the docs today say not
 *   to hard-code limits, so tests can change it), and so does POST
 *   /channels/{forum}/threads, a forum post, in its own bucket. Follow-ups and edits through an
 *   interaction's token: 5 per 2 s per token (webhooks' commonly seen limit). Other
 *   routes: the emulator's own generous choice, 50 per second.
 * - The global limit: 50 requests in any one second per bot, whatever the route;
 *   interaction endpoints (callbacks and the interaction webhook) are not bound to it.
 * - Over a limit: 429, `Retry-After` (whole seconds), `X-RateLimit-Scope` (`user` for a
 *   bot's own per-route limit, `global`), `X-RateLimit-Global: true` on the global one,
 *   and the body `{ message, retry_after, global }`. A refused request uses nothing.
 */

export interface BucketRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitRules {
  channelMessages: BucketRule;
  interactionWebhook: BucketRule;
  other: BucketRule;
  global: BucketRule;
}

export const DISCORD_RATE_LIMITS: RateLimitRules = {
  channelMessages: { limit: 5, windowMs: 5_000 },
  interactionWebhook: { limit: 5, windowMs: 2_000 },
  other: { limit: 50, windowMs: 1_000 },
  global: { limit: 50, windowMs: 1_000 },
};

interface Route {
  /** "POST /channels/:id/messages": what the bucket hash names. */
  bucketRoute: string;
  /** The top-level resource the bucket is counted for. */
  major: string;
  rule: BucketRule;
  /** Interaction endpoints are not bound to the global limit. */
  global: boolean;
}

export function routeOf(method: string, path: string, rules: RateLimitRules): Route {
  const template = `${method} ${path
    .replace(/^\/(webhooks|interactions)\/(\d+)\/[^/]+/u, '/$1/$2/:token')
    .replace(/\d{16,20}/gu, ':id')}`;
  const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/u.exec(path);
  if (callback) return { bucketRoute: template, major: callback[1] ?? '', rule: rules.other, global: false };
  const webhook = /^\/webhooks\/(\d+\/[^/]+)/u.exec(path);
  if (webhook) return { bucketRoute: template, major: webhook[1] ?? '', rule: rules.interactionWebhook, global: false };
  const major = /^\/(?:channels|guilds)\/(\d+)/u.exec(path)?.[1] ?? 'global';
  // A forum post is a message too: POST /channels/{forum}/threads counts as POST …/messages does, in a bucket of its own.
  const rule =
    method === 'POST' && /^\/channels\/\d+\/(?:messages|threads)$/u.test(path) ? rules.channelMessages : rules.other;
  return { bucketRoute: template, major, rule, global: true };
}

export const bucketHash = (bucketRoute: string): string =>
  createHash('sha256').update(bucketRoute).digest('hex').slice(0, 32);

export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** Set when the request is refused with a 429. */
  refused: { status: 429; body: { message: string; retry_after: number; global: boolean } } | null;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);
const RATE_LIMITED = 'You are being rate limited.';

export class RateLimits {
  private readonly buckets = new Map<string, { remaining: number; resetAt: number }>();
  /** When each request counted by the global limit was accepted, per bot, oldest first. */
  private readonly recent = new Map<string, number[]>();
  /** Every 429 given, for tests. */
  readonly refusals: { method: string; path: string; global: boolean; at: number }[] = [];

  constructor(
    readonly rules: RateLimitRules,
    private readonly now: () => number,
  ) {}

  /**
   * Takes one request from its bucket and the global limit, or refuses it. `who` is the
   * bot (its token); `at` when the request arrived (its headers), on the same clock.
   */
  take(method: string, path: string, who: string, at = this.now()): RateLimitVerdict {
    const route = routeOf(method, path, this.rules);
    const now = at;
    const key = `${who} ${route.bucketRoute} ${route.major}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { remaining: route.rule.limit, resetAt: now + route.rule.windowMs };
      this.buckets.set(key, bucket);
    }
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(route.rule.limit),
      'X-RateLimit-Remaining': String(bucket.remaining),
      'X-RateLimit-Reset': seconds(bucket.resetAt),
      'X-RateLimit-Reset-After': seconds(bucket.resetAt - now),
      'X-RateLimit-Bucket': bucketHash(route.bucketRoute),
    };
    const recent = this.recent.get(who) ?? [];
    this.recent.set(who, recent);
    if (route.global) {
      const { limit, windowMs } = this.rules.global;
      while (recent.length > 0 && (recent[0] ?? 0) <= now - windowMs) recent.shift();
      if (recent.length >= limit) {
        const wait = (recent[0] ?? now) + windowMs - now;
        this.refusals.push({ method, path, global: true, at: now });
        return {
          headers: {
            'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
          refused: { status: 429, body: { message: RATE_LIMITED, retry_after: Number(seconds(wait)), global: true } },
        };
      }
    }
    if (bucket.remaining <= 0) {
      const wait = bucket.resetAt - now;
      this.refusals.push({ method, path, global: false, at: now });
      return {
        headers: {
          ...headers,
          'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
          'X-RateLimit-Scope': 'user',
        },
        refused: { status: 429, body: { message: RATE_LIMITED, retry_after: Number(seconds(wait)), global: false } },
      };
    }
    bucket.remaining--;
    headers['X-RateLimit-Remaining'] = String(bucket.remaining);
    if (route.global) recent.push(now);
    return { headers, refused: null };
  }
}
