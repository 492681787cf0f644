/**
 * What a soak run found, the verdict on it, and how it is printed.
 */
import { quantile } from '../lib/metrics.ts';
import type { FaultCounts } from './faults.ts';
import type { LedgerSummary } from './ledger.ts';
import type { ReaderAction } from './readers.ts';

export interface ReplyFigures {
  /** Actions (commands and button presses) taken while the bot was up. */
  asked: number;
  answered: number;
  unanswered: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** p95 of those that met no storm either. */
  p95CalmMs: number;
  /** Actions whose wait spanned a kill -9 and restart (not in the figures above), and how many of them went unanswered. */
  acrossRestarts: number;
  unansweredAcrossRestarts: number;
}

export interface SoakResult extends LedgerSummary {
  engine: string;
  subscribers: number;
  seed: number;
  /** Duplicates allowed: kills × DELIVERY_CONCURRENCY (docs/delivery.md, "Delivery guarantees"). */
  duplicateBound: number;
  /** 429s the emulator's own flood limits answered (injected storms not counted). */
  steady429: number;
  /** The same by flood rule, method and whom to ("overall editMessageText to reader"). */
  steady429ByRule: Record<string, number>;
  injected: FaultCounts & { storms: number; stormSeconds: number; kills: number; killsMidDelivery: number };
  /** From each kill to the restarted bot's first long poll. */
  restartSeconds: number[];
  posts: { articles: number; retries: number; alreadyStored: number };
  /** Recipients as the bot counted them when it posted (an already-stored post counts 0). */
  botRecipients: number;
  replies: ReplyFigures;
  /** The bot's outbox at the end, by status. */
  outbox: Record<string, number> & { rows: number };
  drained: boolean;
  /** Exit code of the last process after SIGTERM (0: a clean stop). */
  exitCode: number | null;
  streamSeconds: number;
  drainSeconds: number;
  durationSeconds: number;
  deliveriesPerSecond: number;
  concurrency: number;
  maxPerSecond: number;
  ok: boolean;
  failures: string[];
}

type Window = [number, number];

/** Latency figures of the readers' actions; those whose wait spans a restart are set apart. */
export function replyFigures(
  actions: readonly ReaderAction[],
  downtimes: readonly { killedAt: number; upAt: number }[],
  storms: readonly Window[],
): ReplyFigures {
  const overlaps = (a: ReaderAction, [from, to]: Window) => a.askedAt < to && (a.answeredAt ?? Infinity) >= from;
  const across = actions.filter((a) => downtimes.some((d) => overlaps(a, [d.killedAt, d.upAt])));
  const steady = actions.filter((a) => !across.includes(a));
  const answered = steady.filter((a) => a.answeredAt !== null);
  const latency = (a: ReaderAction) => (a.answeredAt ?? 0) - a.askedAt;
  const ms = answered.map(latency);
  const calm = answered.filter((a) => !storms.some((w) => overlaps(a, w))).map(latency);
  return {
    asked: steady.length,
    answered: answered.length,
    unanswered: steady.length - answered.length,
    p50Ms: Math.round(quantile(ms, 0.5)),
    p95Ms: Math.round(quantile(ms, 0.95)),
    maxMs: Math.round(Math.max(0, ...ms)),
    p95CalmMs: Math.round(quantile(calm, 0.95)),
    acrossRestarts: across.length,
    unansweredAcrossRestarts: across.filter((a) => a.answeredAt === null).length,
  };
}

/** Why the run fails; empty when it passes. */
export function verdict(r: SoakResult): string[] {
  const failures: string[] = [];
  if (r.lost > 0)
    failures.push(`${r.lost} expected deliveries never arrived${r.drained ? '' : ' (the drain timed out)'}`);
  if (r.duplicates > r.duplicateBound)
    failures.push(
      `${r.duplicates} duplicates, above the bound of ${r.duplicateBound} (${r.injected.kills} kills × ${r.concurrency})`,
    );
  if (r.steady429 > 0)
    failures.push(`${r.steady429} × 429 from the flood limits (${JSON.stringify(r.steady429ByRule)})`);
  if (r.unexpected > 0) failures.push(`${r.unexpected} deliveries to chats that did not follow the article`);
  if (r.outOfOrder > 0) failures.push(`${r.outOfOrder} deliveries out of order`);
  if (r.unrecognised > 0) failures.push(`${r.unrecognised} messages to subscribers that were no soak article`);
  if (r.outbox.rows !== r.expected)
    failures.push(`the outbox holds ${r.outbox.rows} rows for ${r.expected} expected deliveries`);
  const unsent = r.outbox.rows - (r.outbox.sent ?? 0);
  if (unsent > 0) failures.push(`${unsent} outbox rows not sent: ${JSON.stringify(r.outbox)}`);
  if (r.injected.kills !== r.injected.killsMidDelivery)
    failures.push(`${r.injected.kills - r.injected.killsMidDelivery} of the kills found no delivery in flight`);
  if (r.exitCode !== 0) failures.push(`the bot exited with ${String(r.exitCode)} on SIGTERM`);
  return failures;
}

const n = (x: number) => x.toLocaleString('en');

/** The human-readable report of one run. */
export function formatResult(r: SoakResult): string {
  const f = r.injected;
  const rp = r.replies;
  const lines = [
    `soak on ${r.engine}: ${r.ok ? 'PASS' : 'FAIL'}`,
    `  subscribers            ${n(r.subscribers)} (seed ${r.seed})`,
    `  articles posted        ${n(r.articles)} (post retries ${r.posts.retries}, acknowledged on retry as already stored ${r.posts.alreadyStored})`,
    `  messages expected      ${n(r.expected)} (subscriber, article) pairs; the bot's fan-out counted ${n(r.botRecipients)}`,
    `  messages delivered     ${n(r.sends)} sends, ${n(r.delivered)} distinct pairs`,
    `  lost                   ${n(r.lost)} (must be 0)`,
    `  duplicates             ${n(r.duplicates)} (bound ${r.duplicateBound} = ${f.kills} kills × DELIVERY_CONCURRENCY ${r.concurrency})`,
    `  unexpected / order     ${r.unexpected} to non-followers, ${r.outOfOrder} out of order`,
    `  429 in steady state    ${r.steady429} (must be 0)${r.steady429 > 0 ? `: ${JSON.stringify(r.steady429ByRule)}` : ''}`,
    `  faults injected        ${f.storms} storms (${f.stormSeconds} s): ${n(f.storm429)} × 429; ${n(f.serverErrors)} × 5xx; ${n(f.resets)} resets; ${n(f.pollFaults)} long polls failed; ${f.kills} × kill -9 (${f.killsMidDelivery} mid-delivery, restarts ${r.restartSeconds.join(' s, ')} s)`,
    `  replies                p50 ${rp.p50Ms} ms, p95 ${rp.p95Ms} ms (p95 outside storms ${rp.p95CalmMs} ms, worst ${rp.maxMs} ms), ${rp.answered}/${rp.asked} answered; ${rp.acrossRestarts} asked across a restart (${rp.unansweredAcrossRestarts} unanswered)`,
    `  outbox at the end      ${Object.entries(r.outbox)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
    `  duration               ${r.durationSeconds} s (stream ${r.streamSeconds} s, drain ${r.drainSeconds} s), ${n(r.deliveriesPerSecond)} deliveries/s at a limit of ${n(r.maxPerSecond)}/s; SIGTERM exit ${String(r.exitCode)}`,
  ];
  for (const failure of r.failures) lines.push(`  FAIL: ${failure}`);
  return lines.join('\n');
}
