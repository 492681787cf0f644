import { IANAZone } from 'luxon';
import {
  nextDigestAt,
  quietWindowAt,
  type DigestSchedule,
  type QuietHours,
  type Weekday,
} from '../domain/schedule-time.ts';
import { PAUSED_REASON } from '../storage/schedule-store.ts';
import type { SubscriberRow } from '../storage/schema.ts';
import type { CoreDeps } from './deps.ts';

/**
 * Reader schedules: when a chat's articles arrive. A digest collects them for one
 * message at a local time; quiet hours defer instant ones to the window's end; a pause
 * skips them. Settings are kept per subscriber with their next instants precomputed
 * (migrations/0006_reader_schedules.ts), and one job a minute (runScheduleTick) moves
 * what became due: no timer per subscriber.
 */

export interface ReaderSchedule {
  timezone: string;
  digest: DigestSchedule | null;
  digestNextAt: number | null;
  quiet: QuietHours | null;
  pausedAt: number | null;
}

/** A zone the stored row names, or UTC if this runtime no longer knows it. */
const usableZone = (zone: string): string => (IANAZone.isValidZone(zone) ? zone : 'UTC');

export function scheduleOf(row: SubscriberRow): ReaderSchedule {
  const digest =
    row.digest_cadence !== null && row.digest_minute !== null
      ? {
          cadence: row.digest_cadence,
          minute: row.digest_minute,
          weekday: row.digest_weekday === null ? null : (row.digest_weekday as Weekday),
        }
      : null;
  return {
    timezone: usableZone(row.timezone),
    digest,
    digestNextAt: row.digest_next_at === null ? null : Number(row.digest_next_at),
    quiet: row.quiet_start !== null && row.quiet_end !== null ? { start: row.quiet_start, end: row.quiet_end } : null,
    pausedAt: row.paused_at === null ? null : Number(row.paused_at),
  };
}

const nowOf = (deps: CoreDeps) => deps.clock.now().getTime();

/**
 * Sets (or, with null, ends) a chat's digest, to go to `threadId` (the forum topic it was
 * set in; null: the chat itself). Turning it off sends what was held at once. Returns the
 * next digest time.
 */
export async function setDigest(
  deps: CoreDeps,
  sub: SubscriberRow,
  digest: DigestSchedule | null,
  threadId: string | null = null,
): Promise<{ nextAt: number | null; flushed: number }> {
  const now = nowOf(deps);
  const zone = scheduleOf(sub).timezone;
  const nextAt = digest === null ? null : nextDigestAt(digest, zone, now);
  const flushed = await deps.stores.transaction(async (stores) => {
    await stores.schedules.update(sub.id, {
      digest_cadence: digest?.cadence ?? null,
      digest_minute: digest?.minute ?? null,
      digest_weekday: digest?.weekday ?? null,
      digest_next_at: nextAt,
      digest_thread_id: digest === null ? null : threadId,
      updated_at: now,
    });
    return digest === null ? stores.schedules.flushHeld(sub.id, now) : 0;
  });
  if (flushed > 0) deps.onEnqueued();
  return { nextAt, flushed };
}

/** Sets a chat's quiet hours (null: none). Deliveries deferred by the old window follow the new one. */
export async function setQuietHours(
  deps: CoreDeps,
  sub: SubscriberRow,
  quiet: QuietHours | null,
): Promise<{ from: number; until: number } | null> {
  const now = nowOf(deps);
  const window = quiet === null ? null : quietWindowAt(quiet, scheduleOf(sub).timezone, now);
  const released = await deps.stores.transaction(async (stores) => {
    await stores.schedules.update(sub.id, {
      quiet_start: quiet?.start ?? null,
      quiet_end: quiet?.end ?? null,
      quiet_from: window?.from ?? null,
      quiet_until: window?.until ?? null,
      updated_at: now,
    });
    return stores.schedules.redefer(sub.id, window !== null && window.from <= now ? window.until : null, now);
  });
  if (released > 0 && (window === null || window.from > now)) deps.onEnqueued();
  return window;
}

/** Sets a chat's time zone: its digest and quiet hours keep their local times in the new zone. */
export async function setTimeZone(deps: CoreDeps, sub: SubscriberRow, zone: string): Promise<void> {
  const now = nowOf(deps);
  const schedule = scheduleOf(sub);
  const window = schedule.quiet === null ? null : quietWindowAt(schedule.quiet, zone, now);
  const released = await deps.stores.transaction(async (stores) => {
    await stores.schedules.update(sub.id, {
      timezone: zone,
      digest_next_at: schedule.digest === null ? null : nextDigestAt(schedule.digest, zone, now),
      quiet_from: window?.from ?? null,
      quiet_until: window?.until ?? null,
      updated_at: now,
    });
    return stores.schedules.redefer(sub.id, window !== null && window.from <= now ? window.until : null, now);
  });
  if (released > 0) deps.onEnqueued();
}

/** Pauses a chat: what waits to be sent and what comes until /resume is skipped (follows stay). Returns rows skipped now. */
export async function pauseChat(deps: CoreDeps, sub: SubscriberRow): Promise<number> {
  const now = nowOf(deps);
  return deps.stores.transaction(async (stores) => {
    await stores.schedules.update(sub.id, { paused_at: now, updated_at: now });
    return stores.schedules.skipUnsent(sub.id, PAUSED_REASON, now);
  });
}

/** How many articles the pause skipped, with the newest few (ids), for the reader. */
export interface PauseSummary {
  pausedAt: number;
  skipped: number;
  newestArticleIds: number[];
}

/** Ends a pause; null when the chat was not paused. */
export async function resumeChat(deps: CoreDeps, sub: SubscriberRow, sample = 5): Promise<PauseSummary | null> {
  const pausedAt = scheduleOf(sub).pausedAt;
  if (pausedAt === null) return null;
  const now = nowOf(deps);
  await deps.stores.schedules.update(sub.id, { paused_at: null, updated_at: now });
  const skipped = await deps.stores.schedules.skippedWhilePaused(sub.id, pausedAt, sample);
  return { pausedAt, skipped: skipped.count, newestArticleIds: skipped.articleIds };
}

/** What one run of the minute job did. */
export interface ScheduleTick {
  /** Deferred rows whose quiet hours ended, back in the queue. */
  released: number;
  /** Digests started (subscribers whose digest came due and had articles held). */
  digests: number;
  /** Rows those digests carry. */
  digestRows: number;
}

/** Rows read per query; more are read by asking again. */
const TICK_BATCH = 1_000;

/**
 * The minute job: releases deferred deliveries whose quiet window ended, moves ended
 * windows on to the next, and starts every digest that is due, each a query (or one
 * per TICK_BATCH subscribers). A digest due while no process ran is started by the
 * first run after; a digest's rows are released and its next time set in one
 * transaction, so a crash or a second run can neither lose nor repeat it.
 */
export async function runScheduleTick(deps: CoreDeps): Promise<ScheduleTick> {
  const now = nowOf(deps);
  const { schedules } = deps.stores;
  const tick: ScheduleTick = { released: await schedules.releaseDeferred(now), digests: 0, digestRows: 0 };
  for (;;) {
    const ended = await schedules.endedQuietWindows(now, TICK_BATCH);
    await schedules.setQuietWindows(
      ended.map((e) => ({
        subscriberId: e.subscriberId,
        ...quietWindowAt({ start: e.start, end: e.end }, usableZone(e.timezone), now),
      })),
    );
    if (ended.length < TICK_BATCH) break;
  }
  for (;;) {
    const due = await schedules.dueDigests(now, TICK_BATCH);
    const next = due.map((d) => ({
      subscriberId: d.subscriberId,
      dueAt: d.dueAt,
      nextAt: nextDigestAt(
        { cadence: d.cadence, minute: d.minute, weekday: d.weekday as Weekday | null },
        usableZone(d.timezone),
        now,
      ),
    }));
    const rows = await schedules.releaseDigests(next, now);
    tick.digestRows += rows.rows;
    tick.digests += rows.digests;
    if (due.length < TICK_BATCH) break;
  }
  if (tick.released + tick.digestRows > 0) deps.onEnqueued();
  if (tick.released + tick.digests > 0)
    deps.logger.info(tick, 'schedules: released deferred deliveries and started digests');
  return tick;
}
