/**
 * Messages as the emulator keeps them, Discord's message limits (checked on every
 * message the bot sends, as Discord does: a 400 with code 50035), and helpers to read
 * messages in tests.
 */

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface EmulatedMessage {
  id: string;
  channelId: string;
  /** 64 = ephemeral. */
  flags: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  allowedMentions: unknown;
  nonce: string | null;
  /** How many times the message was edited (component updates, @original edits). */
  edits: number;
  /** The interaction this message answers, if any. */
  interactionId: string | null;
  createdAt: number;
}

export const EPHEMERAL = 64;

/** The API message object, as Discord returns it and as INTERACTION_CREATE carries it. */
export function wireMessage(
  message: EmulatedMessage,
  bot: { id: string; username: string },
  applicationId: string,
  guildId: string | null,
) {
  return {
    id: message.id,
    channel_id: message.channelId,
    ...(guildId === null ? {} : { guild_id: guildId }),
    author: {
      id: bot.id,
      username: bot.username,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0,
    },
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.edits > 0 ? new Date().toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: message.interactionId === null ? 0 : 20,
    flags: message.flags,
    ...(message.nonce === null ? {} : { nonce: message.nonce }),
    ...(message.interactionId === null ? {} : { webhook_id: applicationId, application_id: applicationId }),
  };
}

/** Applies a message body (create or edit) to a message: only the fields present change. */
export function applyBody(message: EmulatedMessage, body: Json): void {
  if ('content' in body) message.content = asText(body.content);
  if ('embeds' in body) message.embeds = asList(body.embeds);
  if ('components' in body) message.components = asList(body.components);
  if ('allowed_mentions' in body) message.allowedMentions = body.allowed_mentions;
  if (typeof body.flags === 'number') message.flags = body.flags;
}

const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
  rows: 5,
  buttons: 5,
  label: 80,
  customId: 100,
  nonce: 25,
};

/** Discord's checks on a message body; each problem found, or none. */
export function messageProblems(body: Json, options: { creating: boolean }): string[] {
  const problems: string[] = [];
  const content = asText(body.content);
  if (content.length > LIMITS.content) problems.push(`content: ${content.length} > ${LIMITS.content}`);
  const embeds = asList(body.embeds);
  if (embeds.length > LIMITS.embeds) problems.push(`embeds: ${embeds.length} > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((raw, i) => {
    const embed = isRecord(raw) ? raw : {};
    const check = (what: string, value: string, max: number) => {
      total += value.length;
      if (value.length > max) problems.push(`embeds[${i}].${what}: ${value.length} > ${max}`);
    };
    check('title', asText(embed.title), LIMITS.title);
    check('description', asText(embed.description), LIMITS.description);
    check('footer', asText(isRecord(embed.footer) ? embed.footer.text : ''), LIMITS.footer);
    check('author', asText(isRecord(embed.author) ? embed.author.name : ''), LIMITS.author);
    const fields = asList(embed.fields);
    if (fields.length > LIMITS.fields) problems.push(`embeds[${i}].fields: ${fields.length} > ${LIMITS.fields}`);
    for (const field of fields) {
      const f = isRecord(field) ? field : {};
      if (asText(f.name) === '' || asText(f.value) === '') problems.push(`embeds[${i}].fields: empty name or value`);
      check('field name', asText(f.name), LIMITS.fieldName);
      check('field value', asText(f.value), LIMITS.fieldValue);
    }
    if (embed.url !== undefined && !/^https?:\/\//u.test(asText(embed.url)))
      problems.push(`embeds[${i}].url: not a URL`);
  });
  if (total > LIMITS.total) problems.push(`embeds: ${total} characters > ${LIMITS.total}`);
  const rows = asList(body.components);
  if (rows.length > LIMITS.rows) problems.push(`components: ${rows.length} rows > ${LIMITS.rows}`);
  const ids = new Set<string>();
  for (const row of rows) {
    const r = isRecord(row) ? row : {};
    const buttons = asList(r.components);
    if (r.type !== 1 || buttons.length === 0 || buttons.length > LIMITS.buttons)
      problems.push('components: each row is type 1 with 1-5 buttons');
    for (const button of buttons) {
      const b = isRecord(button) ? button : {};
      const id = asText(b.custom_id);
      const label = asText(b.label);
      if (id === '' || id.length > LIMITS.customId) problems.push(`custom_id "${id}": 1-${LIMITS.customId} characters`);
      if (ids.has(id)) problems.push(`custom_id "${id}" is used twice`);
      ids.add(id);
      if (label.length > LIMITS.label) problems.push(`label: ${label.length} > ${LIMITS.label}`);
    }
  }
  const mentions = isRecord(body.allowed_mentions) ? body.allowed_mentions : null;
  if (mentions !== null && asList(mentions.parse).includes('roles') && asList(mentions.roles).length > 0) {
    problems.push('allowed_mentions: parse "roles" and a roles list are mutually exclusive');
  }
  if (body.nonce !== undefined && asText(body.nonce).length > LIMITS.nonce) problems.push('nonce: longer than 25');
  if (options.creating && content === '' && embeds.length === 0 && rows.length === 0)
    problems.push('Cannot send an empty message');
  return problems;
}

export interface EmbedView {
  title: string;
  url: string | null;
  description: string;
  fields: { name: string; value: string }[];
  footer: string;
  timestamp: string | null;
}

export function embedsOf(message: Pick<EmulatedMessage, 'embeds'>): EmbedView[] {
  return message.embeds.filter(isRecord).map((e) => ({
    title: asText(e.title),
    url: typeof e.url === 'string' ? e.url : null,
    description: asText(e.description),
    fields: asList(e.fields)
      .filter(isRecord)
      .map((f) => ({ name: asText(f.name), value: asText(f.value) })),
    footer: asText(isRecord(e.footer) ? e.footer.text : ''),
    timestamp: typeof e.timestamp === 'string' ? e.timestamp : null,
  }));
}

export function buttonsOf(message: Pick<EmulatedMessage, 'components'>): { label: string; customId: string }[] {
  return message.components
    .filter(isRecord)
    .flatMap((row) => asList(row.components).filter(isRecord))
    .map((b) => ({ label: asText(b.label), customId: asText(b.custom_id) }));
}

/** Markdown escapes removed ("\\#Armenia\\_news" → "#Armenia_news"): what a reader sees. A backslash escapes any character but a letter, a digit or white space, as in Discord. */
export const unescapeMarkdown = (text: string): string => text.replace(/\\([^0-9A-Za-z\s])/gu, '$1');

/** Everything a reader sees in a message (escapes removed), as one string, for `toContain` checks. */
export function textOf(message: Pick<EmulatedMessage, 'content' | 'embeds'>): string {
  const parts = [message.content];
  for (const e of embedsOf(message))
    parts.push(e.title, e.description, ...e.fields.flatMap((f) => [f.name, f.value]), e.footer);
  return unescapeMarkdown(parts.filter((p) => p !== '').join('\n'));
}
