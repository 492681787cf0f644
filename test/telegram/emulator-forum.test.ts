import { Api } from 'grammy';
import type { Message, User } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramEmulator } from '../emulators/telegram/emulator.ts';

/** Forum topics in the emulator, through the real grammY client: what Telegram does with message_thread_id. */

const FORUM = -1001;
const PLAIN = -1002;
const GROUP = -1003;
const CHANNEL = -1004;

let emulator: TelegramEmulator;
let api: Api;
let eve: User;
let ada: User;

beforeEach(async () => {
  emulator = await new TelegramEmulator({ limits: false }).start();
  api = new Api(emulator.token, { apiRoot: emulator.url });
  eve = emulator.addUser({ id: 5, first_name: 'Eve' });
  ada = emulator.addUser({ id: 6, first_name: 'Ada' });
});
afterEach(async () => {
  await emulator.stop();
});

const notFound = { error_code: 400, description: 'Bad Request: message thread not found' };
const closed = { error_code: 400, description: 'Bad Request: TOPIC_CLOSED' };

function forum(bot: 'member' | 'administrator' | 'creator' = 'member', botCanManageTopics?: boolean) {
  return emulator.addGroup({
    id: FORUM,
    title: 'Forum',
    forum: true,
    members: { 5: 'member', 6: 'creator' },
    bot,
    ...(botCanManageTopics === undefined ? {} : { botCanManageTopics }),
  });
}

/** The next update's message, confirming it. */
async function nextMessage(): Promise<Message> {
  const updates = await api.getUpdates({ timeout: 0 });
  const last = updates.at(-1);
  if (last) await api.getUpdates({ offset: last.update_id + 1, timeout: 0 });
  const message = updates[0]?.message;
  if (!message) throw new Error('no message update');
  return message;
}

describe('Telegram emulator: forum topics', () => {
  it('shows a forum as is_forum, and can_manage_topics of administrators', async () => {
    forum('administrator', true);
    emulator.setMember(FORUM, 5, { status: 'administrator' });
    expect((await api.getChat(FORUM)).is_forum).toBe(true);
    expect(await api.getChatMember(FORUM, emulator.botUser.id)).toMatchObject({ can_manage_topics: true });
    expect(await api.getChatMember(FORUM, 5)).toMatchObject({ can_manage_topics: false });
    expect(await api.getChatMember(FORUM, 6)).toMatchObject({ status: 'creator' });
  });

  it('sends into a topic, with the topic service message as reply_to_message, and into General', async () => {
    forum();
    const threadId = emulator.openTopic(FORUM, ada, 'Releases', 16766590);
    const created = await nextMessage();
    expect(created).toMatchObject({
      message_id: threadId,
      message_thread_id: threadId,
      is_topic_message: true,
      from: { id: ada.id },
      forum_topic_created: { name: 'Releases', icon_color: 16766590 },
    });
    expect(threadId).toBeGreaterThan(1);

    const inTopic = await api.sendMessage(FORUM, 'in the topic', { message_thread_id: threadId });
    expect(inTopic).toMatchObject({
      message_thread_id: threadId,
      is_topic_message: true,
      reply_to_message: {
        message_id: threadId,
        message_thread_id: threadId,
        is_topic_message: true,
        forum_topic_created: { name: 'Releases', icon_color: 16766590 },
        from: { id: ada.id },
      },
    });
    expect(inTopic.reply_to_message?.reply_to_message).toBeUndefined();

    const general = await api.sendMessage(FORUM, 'in General');
    expect(general.message_thread_id).toBeUndefined();
    expect(general.is_topic_message).toBeUndefined();
    expect(general.reply_to_message).toBeUndefined();

    expect(emulator.inTopic(FORUM, threadId).map((m) => m.text)).toEqual(['in the topic']);
    expect(emulator.inTopic(FORUM, undefined).map((m) => m.text)).toEqual(['in General']);
  });

  it('puts a reply into the replied message’s topic, and treats a reply into another topic as not found', async () => {
    forum();
    const releases = emulator.openTopic(FORUM, ada, 'Releases');
    const chat = emulator.openTopic(FORUM, ada, 'Chat');
    const asked = emulator.sendText(eve, 'when?', { chatId: FORUM, threadId: releases });
    expect(asked).toMatchObject({ message_thread_id: releases, is_topic_message: true });
    expect(asked.reply_to_message?.forum_topic_created?.name).toBe('Releases');

    const reply = await api.sendMessage(FORUM, 'soon', { reply_parameters: { message_id: asked.message_id } });
    expect(reply).toMatchObject({
      message_thread_id: releases,
      reply_to_message: { message_id: asked.message_id, text: 'when?' },
    });

    await expect(
      api.sendMessage(FORUM, 'wrong topic', {
        message_thread_id: chat,
        reply_parameters: { message_id: asked.message_id },
      }),
    ).rejects.toMatchObject({ description: 'Bad Request: message to be replied not found' });
    const without = await api.sendMessage(FORUM, 'without the reply', {
      message_thread_id: chat,
      reply_parameters: { message_id: asked.message_id, allow_sending_without_reply: true },
    });
    expect(without.message_thread_id).toBe(chat);
    expect(without.reply_to_message?.forum_topic_created?.name).toBe('Chat');

    const inGeneral = emulator.sendText(eve, 'hello all', { chatId: FORUM });
    const generalReply = await api.sendMessage(FORUM, 'hi', { reply_parameters: { message_id: inGeneral.message_id } });
    expect(generalReply.message_thread_id).toBeUndefined();
    expect(generalReply.reply_to_message?.message_id).toBe(inGeneral.message_id);
  });

  it('refuses unknown and deleted topics, and any thread outside a forum', async () => {
    forum();
    emulator.addGroup({ id: PLAIN, title: 'Plain', members: { 5: 'member' } });
    emulator.addGroup({ id: GROUP, title: 'Basic', type: 'group', members: { 5: 'member' } });
    emulator.addChannel({ id: CHANNEL, title: 'News', members: {} });
    const threadId = emulator.openTopic(FORUM, ada, 'Doomed');
    const sent = await api.sendMessage(FORUM, 'before', { message_thread_id: threadId });

    await expect(api.sendMessage(FORUM, 'x', { message_thread_id: 999 })).rejects.toMatchObject(notFound);
    await expect(api.sendMessage(FORUM, 'x', { message_thread_id: 1 })).rejects.toMatchObject(notFound);
    const plainMessage = await api.sendMessage(FORUM, 'not a topic');
    await expect(api.sendMessage(FORUM, 'x', { message_thread_id: plainMessage.message_id })).rejects.toMatchObject(
      notFound,
    );

    emulator.deleteTopic(FORUM, threadId);
    expect(await api.getUpdates({ timeout: 0 }).then((u) => u.filter((x) => !x.message?.forum_topic_created))).toEqual(
      [],
    );
    await expect(api.sendMessage(FORUM, 'x', { message_thread_id: threadId })).rejects.toMatchObject(notFound);
    await expect(api.editMessageText(FORUM, sent.message_id, 'edited')).rejects.toMatchObject({
      description: 'Bad Request: message to edit not found',
    });
    await expect(
      api.sendMessage(FORUM, 'x', { reply_parameters: { message_id: sent.message_id } }),
    ).rejects.toMatchObject({ description: 'Bad Request: message to be replied not found' });

    for (const chatId of [PLAIN, GROUP, CHANNEL, eve.id])
      await expect(api.sendMessage(chatId, 'x', { message_thread_id: 2 })).rejects.toMatchObject(notFound);
    expect(emulator.calls('sendMessage').at(-1)).toMatchObject({ status: 400 });
  });

  it('refuses closed topics and a closed General, except to the creator and admins with can_manage_topics', async () => {
    forum('administrator');
    const threadId = emulator.openTopic(FORUM, ada, 'Quiet');
    await nextMessage();
    const closing = emulator.closeTopic(FORUM, threadId, ada);
    expect(await nextMessage()).toMatchObject({
      message_id: closing.message_id,
      message_thread_id: threadId,
      is_topic_message: true,
      forum_topic_closed: {},
    });
    await expect(api.sendMessage(FORUM, 'x', { message_thread_id: threadId })).rejects.toMatchObject(closed);
    expect(() => emulator.sendText(eve, 'x', { chatId: FORUM, threadId })).toThrow(/closed/u);

    emulator.setMember(FORUM, emulator.botUser.id, { status: 'administrator', canManageTopics: true });
    await expect(api.sendMessage(FORUM, 'admin may', { message_thread_id: threadId })).resolves.toMatchObject({
      message_thread_id: threadId,
    });
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'creator' });
    await expect(api.sendMessage(FORUM, 'creator may', { message_thread_id: threadId })).resolves.toMatchObject({
      message_thread_id: threadId,
    });
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'member' });

    emulator.reopenTopic(FORUM, threadId, ada);
    expect(await nextMessage()).toMatchObject({ message_thread_id: threadId, forum_topic_reopened: {} });
    await expect(api.sendMessage(FORUM, 'open again', { message_thread_id: threadId })).resolves.toMatchObject({
      message_thread_id: threadId,
    });

    emulator.closeGeneral(FORUM);
    await expect(api.sendMessage(FORUM, 'x')).rejects.toMatchObject(closed);
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'administrator', canManageTopics: true });
    await expect(api.sendMessage(FORUM, 'admin in General')).resolves.toMatchObject({ text: 'admin in General' });
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'member' });
    emulator.reopenGeneral(FORUM);
    await expect(api.sendMessage(FORUM, 'General again')).resolves.toMatchObject({ text: 'General again' });
  });

  it('creates topics only in a forum, with can_manage_topics, and a valid name and colour', async () => {
    forum('administrator');
    emulator.addGroup({ id: PLAIN, title: 'Plain', members: {}, bot: 'administrator', botCanManageTopics: true });
    await expect(api.createForumTopic(PLAIN, 'T')).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: the chat is not a forum',
    });
    await expect(api.createForumTopic(eve.id, 'T')).rejects.toMatchObject({
      description: 'Bad Request: the chat is not a forum',
    });
    await expect(api.createForumTopic(FORUM, 'T')).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: not enough rights to create a topic',
    });

    emulator.setMember(FORUM, emulator.botUser.id, { status: 'administrator', canManageTopics: true });
    await expect(api.createForumTopic(FORUM, '   ')).rejects.toMatchObject({
      description: 'Bad Request: title must be non-empty',
    });
    await expect(api.createForumTopic(FORUM, 'T', { icon_color: 0x123456 as 7322096 })).rejects.toMatchObject({
      description: 'Bad Request: invalid icon color specified',
    });

    const topic = await api.createForumTopic(FORUM, 'Announcements');
    expect(topic).toEqual({ message_thread_id: expect.any(Number), name: 'Announcements', icon_color: 7322096 });
    const long = await api.createForumTopic(FORUM, 'x'.repeat(130), { icon_color: 9367192 });
    expect(long).toMatchObject({ name: 'x'.repeat(128), icon_color: 9367192 });
    expect(long.message_thread_id).toBeGreaterThan(topic.message_thread_id);

    // The bot gets no update for its own topic, but its messages there point at the service message.
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
    const sent = await api.sendMessage(FORUM, 'first', { message_thread_id: topic.message_thread_id });
    expect(sent.reply_to_message).toMatchObject({
      message_id: topic.message_thread_id,
      from: { id: emulator.botUser.id },
      forum_topic_created: { name: 'Announcements', icon_color: 7322096 },
    });
    expect(emulator.sent(FORUM).map((m) => m.text)).toEqual(['first']);
    expect(emulator.calls('createForumTopic').map((c) => c.status)).toEqual([400, 400, 400, 400, 400, 200, 200]);
  });

  it('edits, closes, reopens and deletes topics with the right rights', async () => {
    forum('administrator', true);
    const own = await api.createForumTopic(FORUM, 'Own');
    const theirs = emulator.openTopic(FORUM, ada, 'Theirs');

    await expect(api.closeForumTopic(FORUM, own.message_thread_id)).resolves.toBe(true);
    await expect(api.closeForumTopic(FORUM, own.message_thread_id)).rejects.toMatchObject({
      description: 'Bad Request: TOPIC_NOT_MODIFIED',
    });
    await expect(api.reopenForumTopic(FORUM, own.message_thread_id)).resolves.toBe(true);
    await expect(api.reopenForumTopic(FORUM, own.message_thread_id)).rejects.toMatchObject({
      description: 'Bad Request: TOPIC_NOT_MODIFIED',
    });
    await expect(api.editForumTopic(FORUM, theirs, { name: 'Renamed' })).resolves.toBe(true);
    await expect(api.editForumTopic(FORUM, theirs, { name: 'Renamed' })).rejects.toMatchObject({
      description: 'Bad Request: TOPIC_NOT_MODIFIED',
    });
    await expect(api.closeForumTopic(FORUM, 999)).rejects.toMatchObject(notFound);

    // Without can_manage_topics: its own topic still, not another's.
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'administrator', canManageTopics: false });
    await expect(api.closeForumTopic(FORUM, own.message_thread_id)).resolves.toBe(true);
    await expect(api.closeForumTopic(FORUM, theirs)).rejects.toMatchObject({
      description: 'Bad Request: not enough rights to close or open the topic',
    });
    await expect(api.editForumTopic(FORUM, theirs, { name: 'Mine now' })).rejects.toMatchObject({
      description: 'Bad Request: not enough rights to edit the topic',
    });

    // Deleting takes can_delete_messages.
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'administrator', canDeleteMessages: false });
    await expect(api.deleteForumTopic(FORUM, theirs)).rejects.toMatchObject({
      description: 'Bad Request: not enough rights to delete the topic',
    });
    emulator.setMember(FORUM, emulator.botUser.id, { status: 'administrator' });
    await expect(api.deleteForumTopic(FORUM, theirs)).resolves.toBe(true);
    await expect(api.deleteForumTopic(FORUM, theirs)).rejects.toMatchObject(notFound);
    await expect(api.sendMessage(FORUM, 'x', { message_thread_id: theirs })).rejects.toMatchObject(notFound);

    emulator.addGroup({ id: PLAIN, title: 'Plain', members: {}, bot: 'creator' });
    await expect(api.closeForumTopic(PLAIN, 2)).rejects.toMatchObject({
      description: 'Bad Request: the chat is not a forum',
    });
    expect(emulator.calls().filter((c) => c.method.endsWith('ForumTopic')).length).toBe(15);
  });

  it('keeps a message in its topic through edits and button presses, and answers commands there', async () => {
    forum();
    const threadId = emulator.openTopic(FORUM, ada, 'Buttons');
    const sent = await api.sendMessage(FORUM, 'pick', {
      message_thread_id: threadId,
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
    const edited = await api.editMessageText(FORUM, sent.message_id, 'picked', {
      reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] },
    });
    expect(edited).toMatchObject({ message_thread_id: threadId, is_topic_message: true, text: 'picked' });
    const marked = await api.editMessageReplyMarkup(FORUM, sent.message_id, {
      reply_markup: { inline_keyboard: [[{ text: 'C', callback_data: 'c' }]] },
    });
    expect(marked).toMatchObject({ message_thread_id: threadId });
    expect(emulator.inTopic(FORUM, threadId)).toHaveLength(1);

    await api.getUpdates({ timeout: 0 }).then((u) => api.getUpdates({ offset: (u.at(-1)?.update_id ?? 0) + 1 }));
    const stored = emulator.inTopic(FORUM, threadId)[0];
    if (!stored) throw new Error('no message');
    emulator.pressButton(eve, stored, 'c');
    const [update] = await api.getUpdates({ timeout: 0 });
    expect(update?.callback_query?.message).toMatchObject({
      message_id: sent.message_id,
      message_thread_id: threadId,
      is_topic_message: true,
    });

    const answered = emulator.command(eve, '/help', FORUM, { threadId });
    const question = (await api.getUpdates({ offset: (update?.update_id ?? 0) + 1, timeout: 0 }))[0]?.message;
    expect(question).toMatchObject({ text: '/help', message_thread_id: threadId, is_topic_message: true });
    await api.sendMessage(FORUM, 'help text', { reply_parameters: { message_id: question?.message_id ?? 0 } });
    expect(await answered).toMatchObject({ text: 'help text', threadId });
  });
});
