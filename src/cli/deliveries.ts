import { findArticle } from '../app/articles.ts';
import { explainDelivery, formatSubscriberRef, parseSubscriberRef, SUBSCRIBER_REF_EXAMPLE } from '../app/why.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { CoreHandle } from '../runtime.ts';
import type { DeliveryListing } from '../storage/outbox-store.ts';
import type { DeliveryStatus } from '../storage/schema.ts';
import { parseFlags, parseLimit, UsageError, writeJson, writeLine, type CliIO } from './common.ts';

const STATUSES: readonly DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'skipped', 'held', 'deferred'];

export const DELIVERIES_HELP = `Usage: tagwire deliveries [--failed | --status S] [--subscriber PLATFORM:CHAT_ID]
                          [--article ID] [--limit N] [--json]
       tagwire deliveries retry [--subscriber PLATFORM:CHAT_ID] [--json]

Lists outbox rows, most recently changed first, with their attempts and last error.
"retry" requeues failed rows (all, or one chat's) with their attempts reset; the
running bot sends them at once.

  --failed         only failed rows (same as --status failed)
  --status S       only rows in status S: ${STATUSES.join(', ')} (repeatable)
  --subscriber S   only one chat, named PLATFORM:CHAT_ID (e.g. ${SUBSCRIBER_REF_EXAMPLE})
  --article ID     only one article (its short id)
  --limit N        rows to show (1-10000, default 50)
  --json           print JSON`;

export const WHY_HELP = `Usage: tagwire why PLATFORM:CHAT_ID ARTICLE [--external] [--json]

Explains whether an article reached a chat and why not: matched (the chat follows one
of its tags), muted, deactivated or paused, queued (next attempt), sent (message id),
failed (reason). The chat is named by platform and the platform's chat id:
${SUBSCRIBER_REF_EXAMPLE}, telegram:-1001234567890 (a group), discord:CHANNEL_ID, console.

  --external   ARTICLE is the article's import id, not its short id
  --json       print JSON`;

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/u, 'Z'));

function listingJson(d: DeliveryListing): Record<string, unknown> {
  return {
    id: d.id,
    status: d.status,
    subscriber: `${d.platform}:${d.chatId}`,
    article: d.articlePublicId,
    title: d.articleTitle,
    attempts: d.attempts,
    lastError: d.lastError,
    messageId: d.messageId,
    nextAttemptAt: iso(d.nextAttemptAt),
    updatedAt: iso(d.updatedAt),
    sentAt: d.sentAt === null ? null : iso(d.sentAt),
  };
}

async function subscriberId(handle: CoreHandle, text: string): Promise<number> {
  const ref = parseSubscriberRef(text);
  const sub = await handle.deps.stores.subscribers.find(ref.platform, ref.chatId);
  if (!sub) throw new NotFoundError(`No chat ${formatSubscriberRef(ref)} has ever used the bot.`);
  return sub.id;
}

async function retryCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { subscriber: { type: 'string' }, json: { type: 'boolean' } },
    false,
  );
  if (values.help) return (writeLine(io.stdout, DELIVERIES_HELP), 0);
  void positionals;
  const handle = await open();
  try {
    const id = values.subscriber === undefined ? undefined : await subscriberId(handle, values.subscriber);
    const count = await handle.deps.stores.outbox.retryFailed(handle.deps.clock.now().getTime(), id);
    if (values.json) writeJson(io.stdout, { requeued: count });
    else
      writeLine(
        io.stdout,
        count === 0
          ? 'No failed deliveries to retry.'
          : `Requeued ${count} failed deliveries; the running bot sends them now.`,
      );
    return 0;
  } finally {
    await handle.close();
  }
}

export async function deliveriesCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  if (args[0] === 'retry') return retryCommand(open, args.slice(1), io);
  const { values, positionals } = parseFlags(args, {
    failed: { type: 'boolean' },
    status: { type: 'string', multiple: true },
    subscriber: { type: 'string' },
    article: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return (writeLine(io.stdout, DELIVERIES_HELP), 0);
  if (positionals.length > 0) throw new UsageError(`Unknown subcommand "${positionals[0]}"; the only one is "retry".`);
  const statuses = [...(values.status ?? []), ...(values.failed ? ['failed'] : [])];
  const bad = statuses.find((s) => !(STATUSES as readonly string[]).includes(s));
  if (bad !== undefined) throw new UsageError(`--status takes one of ${STATUSES.join(', ')}, not "${bad}".`);
  const limit = parseLimit(values.limit, 50, 10_000);
  const handle = await open();
  try {
    const stores = handle.deps.stores;
    const rows = await stores.outbox.list({
      statuses: statuses as DeliveryStatus[],
      limit,
      ...(values.subscriber === undefined ? {} : { subscriberId: await subscriberId(handle, values.subscriber) }),
      ...(values.article === undefined ? {} : { articleId: (await findArticle(stores, values.article)).id }),
    });
    if (values.json) {
      writeJson(io.stdout, { deliveries: rows.map(listingJson), counts: await stores.outbox.countByStatus() });
      return 0;
    }
    if (rows.length === 0) {
      writeLine(io.stdout, statuses.length > 0 ? `No ${statuses.join(' or ')} deliveries.` : 'The outbox is empty.');
      return 0;
    }
    for (const d of rows) {
      const when =
        d.status === 'sent'
          ? `sent ${iso(d.sentAt)} as ${d.messageId ?? '-'}`
          : d.status === 'queued'
            ? `next ${iso(d.nextAttemptAt)}`
            : `at ${iso(d.updatedAt)}`;
      writeLine(
        io.stdout,
        `#${d.id} ${d.status.padEnd(7)} ${`${d.platform}:${d.chatId}`.padEnd(24)} ${d.articlePublicId}  ${d.attempts} attempt(s), ${when}`,
      );
      if (d.lastError && d.status !== 'sent') writeLine(io.stdout, `    ${d.lastError}`);
    }
    if (rows.length === limit) writeLine(io.stdout, `(first ${limit}; use --limit for more)`);
    return 0;
  } finally {
    await handle.close();
  }
}

export async function whyCommand(open: () => Promise<CoreHandle>, args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, { external: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.help) return (writeLine(io.stdout, WHY_HELP), 0);
  if (positionals.length !== 2)
    throw new UsageError(`Give a chat and an article, e.g. tagwire why ${SUBSCRIBER_REF_EXAMPLE} k3x9pq`);
  const ref = parseSubscriberRef(positionals[0] ?? '');
  const handle = await open();
  try {
    const { deps } = handle;
    const article = await findArticle(deps.stores, positionals[1] ?? '', values.external);
    const why = await explainDelivery(deps.stores, ref, article, {
      retentionDays: deps.config.delivery.retentionDays,
      now: deps.clock.now().getTime(),
    });
    if (values.json) {
      writeJson(io.stdout, { ...why, delivery: why.delivery ? listingJson(why.delivery) : null });
      return 0;
    }
    writeLine(io.stdout, `${formatSubscriberRef(ref)} · ${article.public_id}: ${why.verdict}`);
    writeLine(io.stdout, why.summary);
    for (const line of why.details) writeLine(io.stdout, `  - ${line}`);
    return 0;
  } finally {
    await handle.close();
  }
}
