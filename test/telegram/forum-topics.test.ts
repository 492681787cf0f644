import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { sendReply } from '../../adapters/telegram/replies.ts';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';
import { runScheduleTick } from '../../src/app/schedules.ts';
import { PAUSED_ROUTE_REASON } from '../../src/delivery/worker.ts';
import { waitFor } from '../helpers/core.ts';
import { deliveriesSettled, postCommand, startTelegramBot, type TelegramTestBot } from './harness.ts';

let t: TelegramTestBot;
afterEach(async () => {
  await t?.close();
});

const FORUM = -1007700;

/** The topics (undefined: General) of the forum's messages that start with `title`. */
const topicsOf = (emulator: TelegramEmulator, title: string) =>
  emulator
    .sent(FORUM)
    .filter((m) => m.text.startsWith(title))
    .map((m) => m.threadId);

describe('Telegram forum topics, end to end', () => {
  it('routes each tag to the topic it was followed in, keeps replies in their topic, and pauses a closed topic only', async () => {
    t = await startTelegramBot({
      arrange: (e) =>
        e.addGroup({
          id: FORUM,
          title: 'Newsroom forum',
          forum: true,
          members: { 1001: 'administrator', 2002: 'member' },
          bot: 'administrator',
        }),
    });
    const { emulator, admin } = t;
    const armeniaTopic = emulator.openTopic(FORUM, admin, 'Armenia desk');
    const russiaTopic = emulator.openTopic(FORUM, admin, 'Россия');

    // /follow inside a topic routes there; the answer stays in the topic.
    const followed = await emulator.command(admin, '/follow Armenia', FORUM, { threadId: armeniaTopic });
    expect(followed.threadId).toBe(armeniaTopic);
    expect(followed.text).toContain('Now following #Armenia');
    expect(followed.text).toContain('go to this topic');
    expect((await emulator.command(admin, '/follow Russia', FORUM, { threadId: russiaTopic })).threadId).toBe(
      russiaTopic,
    );
    const general = await emulator.command(admin, '/follow Economy', FORUM);
    expect(general.threadId).toBeUndefined();
    expect(general.text).not.toContain('go to this topic');

    // One card per article, in the topic of its first tag the chat follows.
    await emulator.command(admin, postCommand('Yerevan and Moscow talk', 'Armenia, Russia'));
    await emulator.command(admin, postCommand('Moscow answers Yerevan', 'Russia, Armenia'));
    await emulator.command(admin, postCommand('Markets rally', 'Economy, Armenia'));
    await deliveriesSettled(t.stores);
    const where = (title: string) => topicsOf(emulator, title);
    expect(where('Yerevan and Moscow talk')).toEqual([armeniaTopic]);
    expect(where('Moscow answers Yerevan')).toEqual([russiaTopic]);
    expect(where('Markets rally')).toEqual([undefined]);

    // A button's answer goes to the topic of the card it sits on.
    const card = emulator.sent(FORUM).find((m) => m.text.startsWith('Yerevan and Moscow talk'));
    if (!card) throw new Error('no card');
    const count = emulator.sent(FORUM).length;
    emulator.pressButtonLabeled(admin, card, /^Related$/u);
    const related = await emulator.waitUntil(() => emulator.sent(FORUM)[count], 'the related list');
    expect(related.threadId).toBe(armeniaTopic);

    // A closed topic pauses its route only: its articles go to the next route, or are skipped.
    emulator.closeTopic(FORUM, armeniaTopic, admin);
    await waitFor(async () => {
      const sub = await t.stores.subscribers.find('telegram', String(FORUM));
      const threads = sub ? await t.stores.threads.list(sub.id) : [];
      return threads.some((th) => th.threadId === String(armeniaTopic) && th.pausedAt !== null);
    }, 'the route to pause');
    // The group is told in General, where its admins read, in the chat's language.
    const closedNotice = await emulator.waitUntil(
      () => emulator.sent(FORUM).find((m) => m.text.includes('“Armenia desk” were paused')),
      'the notice of the closed topic',
    );
    expect(closedNotice.threadId).toBeUndefined();
    expect(closedNotice.text).toContain('the topic was closed');
    await emulator.command(admin, postCommand('Armenia and the markets', 'Armenia, Economy'));
    await emulator.command(admin, postCommand('Only Armenia', 'Armenia'));
    await emulator.command(admin, postCommand('Russia still here', 'Russia'));
    await deliveriesSettled(t.stores);
    expect(where('Armenia and the markets')).toEqual([undefined]);
    expect(where('Only Armenia')).toEqual([]);
    expect(where('Russia still here')).toEqual([russiaTopic]);
    const skipped = await t.stores.outbox.list({ statuses: ['skipped'], limit: 50 });
    expect(skipped.map((r) => [r.articleTitle, r.lastError])).toEqual([['Only Armenia', PAUSED_ROUTE_REASON]]);

    // A deleted topic says nothing: the refused send pauses it, the chat is told why.
    emulator.deleteTopic(FORUM, russiaTopic);
    await emulator.command(admin, postCommand('Russia after the deletion', 'Russia'));
    await deliveriesSettled(t.stores);
    expect(where('Russia after the deletion')).toEqual([]);
    // The refused send posts the notice in General at the chat's pace; posted, it is not repeated.
    const deletedNotice = await emulator.waitUntil(
      () => emulator.sent(FORUM).find((m) => m.text.includes('“Россия” were paused')),
      'the notice of the deleted topic',
    );
    expect(deletedNotice.threadId).toBeUndefined();
    expect(deletedNotice.text).toContain('the topic was deleted');
    await waitFor(
      async () => (await t.stores.subscribers.find('telegram', String(FORUM)))?.notice === null,
      'the notice to clear',
    );
    // /tags shows the routes.
    const tags = await emulator.command(admin, '/tags', FORUM);
    expect(tags.text).not.toContain('were paused: the topic was deleted');
    expect(tags.text).toContain('In the topic “Armenia desk” (paused');
    expect(tags.text).toContain('In the topic “Россия” (paused');
    expect(tags.text).toContain('#Economy');
    const sub = await t.stores.subscribers.find('telegram', String(FORUM));
    expect(sub?.status).toBe('active');

    // Reopened, the topic gets its articles again.
    emulator.reopenTopic(FORUM, armeniaTopic, admin);
    await waitFor(async () => {
      const threads = sub ? await t.stores.threads.list(sub.id) : [];
      return threads.some((th) => th.threadId === String(armeniaTopic) && th.pausedAt === null);
    }, 'the route to resume');
    await emulator.command(admin, postCommand('Armenia is back', 'Armenia'));
    await deliveriesSettled(t.stores);
    expect(where('Armenia is back')).toEqual([armeniaTopic]);
  }, 120_000);
});

describe('Telegram replies in a forum topic', () => {
  it('send every message of a long reply into the topic, not only the first', async () => {
    const emulator = await new TelegramEmulator().start();
    try {
      const admin = emulator.addUser({ id: 1001, first_name: 'Ada' });
      emulator.addGroup({ id: FORUM, title: 'Forum', forum: true, members: { 1001: 'administrator' } });
      const topic = emulator.openTopic(FORUM, admin, 'Long answers');
      const api = new Api(emulator.token, { apiRoot: emulator.url });
      const block = (n: number) => ({ kind: 'paragraph' as const, spans: [{ text: `${n} ${'word '.repeat(700)}` }] });
      const sent = await sendReply(
        api,
        FORUM,
        { status: 'ok', blocks: [block(1), block(2), block(3)], buttons: [] },
        { threadId: topic },
      );
      expect(sent.length).toBe(3);
      expect(emulator.inTopic(FORUM, topic)).toHaveLength(3);
      expect(emulator.inTopic(FORUM, undefined)).toHaveLength(0);
    } finally {
      await emulator.stop();
    }
  });
});

describe('/topics auto in a Telegram forum, end to end', () => {
  it('gives each followed tag a topic the bot creates, routes articles there, and says when it may not', async () => {
    const LOCKED = -1007701;
    t = await startTelegramBot({
      arrange: (e) => {
        e.addGroup({
          id: FORUM,
          title: 'Auto forum',
          forum: true,
          members: { 1001: 'administrator', 2002: 'member' },
          bot: 'administrator',
          botCanManageTopics: true,
        });
        e.addGroup({
          id: LOCKED,
          title: 'Locked forum',
          forum: true,
          members: { 1001: 'administrator' },
          bot: 'administrator',
          botCanManageTopics: false,
        });
      },
    });
    const { emulator, admin, reader } = t;
    await emulator.command(admin, '/follow Armenia, CSTO', FORUM);
    const auto = await emulator.command(admin, '/topics auto', FORUM);
    expect(auto.text).toContain('I created 2 topics');
    const created = emulator.calls('createForumTopic').map((c) => c.payload.name);
    expect(created.sort()).toEqual(['Armenia', 'CSTO']);
    const topics = [...emulator.chat(FORUM).topics.values()];
    const armenia = topics.find((tp) => tp.name === 'Armenia')?.threadId;
    const cst = topics.find((tp) => tp.name === 'CSTO')?.threadId;

    // A tag followed later in General gets its topic too.
    const oil = await emulator.command(admin, '/follow Oil', FORUM);
    expect(oil.text).toContain('I created 1 topic');
    const oilTopic = [...emulator.chat(FORUM).topics.values()].find((tp) => tp.name === 'Oil')?.threadId;

    await emulator.command(admin, postCommand('CSTO summit', 'CSTO, Armenia'));
    await emulator.command(admin, postCommand('Oil prices', 'Oil'));
    await deliveriesSettled(t.stores);
    const where = (title: string) => topicsOf(emulator, title);
    expect(where('CSTO summit')).toEqual([cst]);
    expect(where('Oil prices')).toEqual([oilTopic]);
    expect(armenia).toBeDefined();

    // Without the right to manage topics: a clear answer, and nothing half done.
    await emulator.command(admin, '/follow Armenia', LOCKED);
    const refused = await emulator.command(admin, '/topics auto', LOCKED);
    expect(refused.text).toContain('I may not create topics here');
    const locked = await t.stores.subscribers.find('telegram', String(LOCKED));
    expect(locked?.topics_auto).toBe(0);

    // Outside a forum, /topics says where it works; a member may not turn it on.
    expect((await emulator.command(reader, '/topics auto')).text).toContain(
      'Topics work in a Telegram group with topics',
    );
  }, 120_000);
});

describe('Telegram digests in a forum topic', () => {
  it('go to the topic /digest was set in, and to General once that topic is closed', async () => {
    t = await startTelegramBot({
      arrange: (e) =>
        e.addGroup({
          id: FORUM,
          title: 'Digest forum',
          forum: true,
          members: { 1001: 'administrator' },
          bot: 'administrator',
        }),
    });
    const { emulator, admin } = t;
    const topic = emulator.openTopic(FORUM, admin, 'Morning digest');
    await emulator.command(admin, '/follow Armenia', FORUM);
    const set = await emulator.command(admin, '/digest daily 08:00', FORUM, { threadId: topic });
    expect(set.threadId).toBe(topic);
    const due = async () => {
      await t.db
        .updateTable('subscribers')
        .set({ digest_next_at: Date.now() - 1 })
        .where('chat_id', '=', String(FORUM))
        .execute();
      await runScheduleTick(t.deps);
      await deliveriesSettled(t.stores);
    };
    await emulator.command(admin, postCommand('Held for the digest', 'Armenia'));
    await due();
    const digests = () => emulator.sent(FORUM).filter((m) => m.text.startsWith('Your daily digest'));
    expect(digests().map((m) => m.threadId)).toEqual([topic]);

    emulator.closeTopic(FORUM, topic, admin);
    await emulator.command(admin, postCommand('Held again', 'Armenia'));
    await due();
    expect(digests().map((m) => m.threadId)).toEqual([topic, undefined]);
  }, 120_000);
});
