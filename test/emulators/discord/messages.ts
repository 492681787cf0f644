/**
 * Messages as the emulator keeps them, Discord's message rules (checked on every message
 * the bot sends or edits, as Discord does: 400 with code 50035 Invalid Form Body and the
 * errors nested by field, or 50006 for an empty message), and helpers to read messages in
 * tests. A stored message keeps its embeds exactly as sent (`message.embeds[0].image.url`,
 * or `embedsOf(message)[0].image`) and its flags (`message.flags`: 4096 for a silent one).
 */

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface EmulatedMessage {
  id: string;
  channelId: string;
  /** MESSAGE_FLAGS: 4 = SUPPRESS_EMBEDS, 64 = EPHEMERAL, 4096 = SUPPRESS_NOTIFICATIONS (a silent message). */
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
  /** Posted through a channel webhook (webhooks.ts): under which name and picture. */
  webhook?: WebhookAuthor | null;
  createdAt: number;
}

/** The name and picture a webhook message was posted under. */
export interface WebhookAuthor {
  webhookId: string;
  username: string;
  avatarUrl: string | null;
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
    author: message.webhook
      ? {
          id: message.webhook.webhookId,
          username: message.webhook.username,
          discriminator: '0000',
          avatar: null,
          bot: true,
        }
      : {
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
    ...(message.webhook ? { webhook_id: message.webhook.webhookId, application_id: applicationId } : {}),
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
  url: 2048,
  total: 6000,
  rows: 5,
  buttons: 5,
  label: 80,
  customId: 100,
  nonce: 25,
};

/** Message flags (https://discord.com/developers/docs/resources/message#message-object-message-flags). */
export const MESSAGE_FLAGS = {
  suppressEmbeds: 1 << 2,
  ephemeral: 1 << 6,
  suppressNotifications: 1 << 12,
  isVoiceMessage: 1 << 13,
  isComponentsV2: 1 << 15,
} as const;

/**
 * The flags a bot may set when it creates a channel message. Discord also lets it set
 * IS_VOICE_MESSAGE and IS_COMPONENTS_V2, but the emulator models neither voice
 * attachments nor components v2 (its rows are type 1 with buttons), so it refuses them
 * rather than accept a message it cannot check.
 */
export const CHANNEL_MESSAGE_FLAGS = MESSAGE_FLAGS.suppressEmbeds | MESSAGE_FLAGS.suppressNotifications;
/** An interaction's answer (reply, deferral, follow-up) may also be EPHEMERAL. */
export const INTERACTION_MESSAGE_FLAGS = CHANNEL_MESSAGE_FLAGS | MESSAGE_FLAGS.ephemeral;
/** The only flag an edit may set or clear; every other bit must be sent as the message has it. */
export const EDITABLE_FLAGS = MESSAGE_FLAGS.suppressEmbeds;

/** Where a problem lies in a body, as Discord nests its errors: ['embeds', 0, 'image', 'url']. */
export type FormPath = (string | number)[];

/** One problem Discord finds in a body: where, Discord's error code and message, and the emulator's own words. */
export interface FormProblem {
  path: FormPath;
  code: string;
  message: string;
  /** What went wrong, for a failing test: "embeds[0].title: 257 > 256". */
  text: string;
}

/** Discord's refusal of a message body: a status, a JSON error code and message, and the nested errors if any. */
export interface Refusal {
  status: number;
  code: number;
  message: string;
  errors?: Json;
}

/** Discord's form errors, as its 50035 answers carry them in `_errors`. */
export const maxLength = (max: number) => ({
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
});
export const badLength = (min: number, max: number) => ({
  code: 'BASE_TYPE_BAD_LENGTH',
  message: `Must be between ${min} and ${max} in length.`,
});
export const REQUIRED = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
export const NOT_AN_OBJECT = { code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' };
export const NOT_A_LIST = { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' };
const INVALID_URL = { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' };

/**
 * Discord's errors object for these problems: each path nested, its errors in `_errors`,
 * e.g. `{embeds: {0: {image: {url: {_errors: [{code, message}]}}}}}`.
 */
export function formErrors(problems: FormProblem[]): Json {
  const root: Json = {};
  for (const { path, code, message } of problems) {
    let node = root;
    for (const key of path) {
      const next = node[String(key)];
      node = isRecord(next) ? next : (node[String(key)] = {});
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : (node._errors = []);
    list.push({ code, message });
  }
  return root;
}

const parseUrl = (value: string): URL | null => {
  try {
    return new URL(value);
  } catch {
    return null;
  }
};

/** A path as the emulator writes it: "embeds[0].image.url". */
const pathText = (path: FormPath): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** 400 50035 Invalid Form Body with Discord's nested errors, or null when there is no problem. */
export function formRefusal(problems: FormProblem[]): Refusal | null {
  if (problems.length === 0) return null;
  return { status: 400, code: 50035, message: 'Invalid Form Body', errors: formErrors(problems) };
}

const ALLOWED_URL_SCHEMES = {
  link: ['http', 'https'],
  media: ['http', 'https', 'attachment'],
} as const;

/**
 * Discord's check of a URL in an embed: a string of at most 2048 characters, absolute,
 * with no white space, control character or backslash (which a browser would quietly
 * repair, but Discord refuses), with a host (or, for `attachment://`, a file name) and
 * one of the allowed schemes. A relative or malformed URL is URL_TYPE_INVALID_URL; a
 * well-formed one of another scheme (`javascript:`, `ftp:`) is URL_TYPE_INVALID_SCHEME,
 * as Discord answers for link buttons (its exact wording for embeds is undocumented).
 */
function urlProblems(value: unknown, path: FormPath, schemes: readonly string[]): FormProblem[] {
  const where = pathText(path);
  const problem = (e: { code: string; message: string }, why: string): FormProblem[] => [
    { path, ...e, text: `${where}: ${why}` },
  ];
  if (typeof value !== 'string') return problem(INVALID_URL, 'not a URL');
  if (value.length > LIMITS.url) return problem(maxLength(LIMITS.url), `${value.length} > ${LIMITS.url}`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/u.exec(value)?.[1]?.toLowerCase();
  const parsed = parseUrl(value);
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const malformed = /[\s\u0000-\u001f\u007f\\]/u.test(value);
  if (scheme === undefined || parsed === null || malformed) return problem(INVALID_URL, `not a URL: "${value}"`);
  if (!schemes.includes(scheme))
    return problem(
      {
        code: 'URL_TYPE_INVALID_SCHEME',
        message: `Scheme "${scheme}" is not supported. Scheme must be one of (${schemes.map((s) => `'${s}'`).join(', ')}).`,
      },
      `scheme "${scheme}" (allowed: ${schemes.join(', ')})`,
    );
  if (!value.slice(scheme.length + 1).startsWith('//') || parsed.host === '')
    return problem(INVALID_URL, `not a URL: "${value}"`);
  return [];
}

/**
 * An embed's picture (`image`, `thumbnail`): an object whose `url` is http(s) or
 * `attachment://file`. Discord does not fetch the picture when the message is sent: a
 * well-formed URL that points nowhere (a 404, not an image) is accepted, stored and
 * simply not shown, so the emulator accepts it too and never fetches anything.
 */
function mediaProblems(media: unknown, path: FormPath): FormProblem[] {
  if (media === undefined || media === null) return [];
  const where = pathText(path);
  if (!isRecord(media)) return [{ path, ...NOT_AN_OBJECT, text: `${where}: not an object` }];
  if (media.url === undefined || media.url === null)
    return [{ path: [...path, 'url'], ...REQUIRED, text: `${where}.url: required` }];
  return urlProblems(media.url, [...path, 'url'], ALLOWED_URL_SCHEMES.media);
}

/** The bits set in `flags`, named, for a failing test: "EPHEMERAL (64), 1 << 20 (1048576)". */
function flagNames(flags: bigint): string {
  const out: string[] = [];
  for (let bit = 0n; flags >> bit > 0n; bit++) {
    if (((flags >> bit) & 1n) === 0n) continue;
    const name = Object.entries(MESSAGE_FLAGS).find(([, value]) => BigInt(value) === 1n << bit)?.[0];
    out.push(`${name === undefined ? `1 << ${bit}` : name.replace(/([A-Z])/gu, '_$1').toUpperCase()} (${1n << bit})`);
  }
  return out.join(', ');
}

export interface MessageCheckOptions {
  /** A new message (a message needs content, an embed or a component) or an edit. */
  creating: boolean;
  /** Creating: the flags the route lets a bot set (CHANNEL_MESSAGE_FLAGS unless told). */
  settableFlags?: number;
  /** Editing: the message's flags before the edit (0 unless told); only SUPPRESS_EMBEDS may change. */
  flagsBefore?: number;
}

/**
 * A body's `flags`: an integer; on create only the route's settable bits, on edit the
 * message's own bits with at most SUPPRESS_EMBEDS toggled (Discord: "only SUPPRESS_EMBEDS
 * can currently be set/unset"; send the other bits as they are). Null or absent leaves
 * the flags alone. Discord documents which flags may be set, not the error it answers
 * otherwise: the refusal sits on `flags` in Discord's shape, the code is the emulator's.
 */
export function flagProblems(body: Json, options: MessageCheckOptions): FormProblem[] {
  const flags = body.flags;
  if (flags === undefined || flags === null) return [];
  if (typeof flags !== 'number' || !Number.isSafeInteger(flags) || flags < 0)
    return [
      {
        path: ['flags'],
        code: 'NUMBER_TYPE_COERCE',
        message: `Value "${String(flags)}" is not int.`,
        text: `flags: ${JSON.stringify(flags)} is not an integer`,
      },
    ];
  // As bigints: JavaScript's bitwise operators would cut the bits above 31 off.
  const bits = BigInt(flags);
  const refuse = (wrong: bigint, why: string): FormProblem[] => [
    {
      path: ['flags'],
      code: 'MESSAGE_FLAGS_INVALID',
      message: `Flags ${wrong} may not be ${why}.`,
      text: `flags: ${flagNames(wrong)} may not be ${why}`,
    },
  ];
  if (options.creating) {
    const settable = BigInt(options.settableFlags ?? CHANNEL_MESSAGE_FLAGS);
    const forbidden = bits & ~settable;
    return forbidden === 0n ? [] : refuse(forbidden, `set on this message (settable: ${flagNames(settable)})`);
  }
  const changed = (bits ^ BigInt(options.flagsBefore ?? 0)) & ~BigInt(EDITABLE_FLAGS);
  return changed === 0n ? [] : refuse(changed, 'changed by an edit (only SUPPRESS_EMBEDS may)');
}

/** Discord's checks on a message body (create or edit), each problem where Discord reports it. */
export function messageFormProblems(body: Json, options: MessageCheckOptions): FormProblem[] {
  const problems: FormProblem[] = [];
  const add = (path: FormPath, error: { code: string; message: string }, text: string) =>
    problems.push({ path, ...error, text });
  const content = asText(body.content);
  if (content.length > LIMITS.content)
    add(['content'], maxLength(LIMITS.content), `content: ${content.length} > ${LIMITS.content}`);
  const embeds = asList(body.embeds);
  if (embeds.length > LIMITS.embeds)
    add(['embeds'], maxLength(LIMITS.embeds), `embeds: ${embeds.length} > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((raw, i) => {
    const embed = isRecord(raw) ? raw : {};
    const check = (path: FormPath, what: string, value: string, max: number) => {
      total += value.length;
      if (value.length > max)
        add(['embeds', i, ...path], maxLength(max), `embeds[${i}].${what}: ${value.length} > ${max}`);
    };
    check(['title'], 'title', asText(embed.title), LIMITS.title);
    check(['description'], 'description', asText(embed.description), LIMITS.description);
    check(['footer', 'text'], 'footer', asText(isRecord(embed.footer) ? embed.footer.text : ''), LIMITS.footer);
    check(['author', 'name'], 'author', asText(isRecord(embed.author) ? embed.author.name : ''), LIMITS.author);
    const fields = asList(embed.fields);
    if (fields.length > LIMITS.fields)
      add(
        ['embeds', i, 'fields'],
        maxLength(LIMITS.fields),
        `embeds[${i}].fields: ${fields.length} > ${LIMITS.fields}`,
      );
    fields.forEach((field, j) => {
      const f = isRecord(field) ? field : {};
      for (const part of ['name', 'value'] as const)
        if (asText(f[part]) === '')
          add(['embeds', i, 'fields', j, part], REQUIRED, `embeds[${i}].fields: empty name or value`);
      check(['fields', j, 'name'], 'field name', asText(f.name), LIMITS.fieldName);
      check(['fields', j, 'value'], 'field value', asText(f.value), LIMITS.fieldValue);
    });
    if (embed.url !== undefined)
      problems.push(...urlProblems(embed.url, ['embeds', i, 'url'], ALLOWED_URL_SCHEMES.link));
    problems.push(...mediaProblems(embed.image, ['embeds', i, 'image']));
    problems.push(...mediaProblems(embed.thumbnail, ['embeds', i, 'thumbnail']));
    for (const part of ['footer', 'author'] as const) {
      const holder = embed[part];
      if (isRecord(holder) && holder.icon_url !== undefined && holder.icon_url !== null)
        problems.push(...urlProblems(holder.icon_url, ['embeds', i, part, 'icon_url'], ALLOWED_URL_SCHEMES.media));
    }
  });
  if (total > LIMITS.total)
    add(
      ['embeds'],
      { code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${LIMITS.total}` },
      `embeds: ${total} characters > ${LIMITS.total}`,
    );
  const rows = asList(body.components);
  if (rows.length > LIMITS.rows)
    add(['components'], maxLength(LIMITS.rows), `components: ${rows.length} rows > ${LIMITS.rows}`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const r = isRecord(row) ? row : {};
    const buttons = asList(r.components);
    if (r.type !== 1)
      add(
        ['components', i, 'type'],
        { code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1}.' },
        'components: each row is type 1 with 1-5 buttons',
      );
    else if (buttons.length === 0 || buttons.length > LIMITS.buttons)
      add(
        ['components', i, 'components'],
        badLength(1, LIMITS.buttons),
        'components: each row is type 1 with 1-5 buttons',
      );
    buttons.forEach((button, j) => {
      const b = isRecord(button) ? button : {};
      const id = asText(b.custom_id);
      const label = asText(b.label);
      const at: FormPath = ['components', i, 'components', j];
      if (id === '' || id.length > LIMITS.customId)
        add([...at, 'custom_id'], badLength(1, LIMITS.customId), `custom_id "${id}": 1-${LIMITS.customId} characters`);
      if (ids.has(id))
        add(
          [...at, 'custom_id'],
          { code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' },
          `custom_id "${id}" is used twice`,
        );
      ids.add(id);
      if (label.length > LIMITS.label)
        add([...at, 'label'], maxLength(LIMITS.label), `label: ${label.length} > ${LIMITS.label}`);
    });
  });
  const mentions = isRecord(body.allowed_mentions) ? body.allowed_mentions : null;
  if (mentions !== null && asList(mentions.parse).includes('roles') && asList(mentions.roles).length > 0)
    add(
      ['allowed_mentions'],
      {
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: 'parse:["roles"] and roles: [ids...] are mutually exclusive.',
      },
      'allowed_mentions: parse "roles" and a roles list are mutually exclusive',
    );
  if (body.nonce !== undefined && asText(body.nonce).length > LIMITS.nonce)
    add(['nonce'], maxLength(LIMITS.nonce), 'nonce: longer than 25');
  problems.push(...flagProblems(body, options));
  return problems;
}

/** A new message with no content, embed or component. */
const isEmpty = (body: Json, options: MessageCheckOptions): boolean =>
  options.creating &&
  asText(body.content) === '' &&
  asList(body.embeds).length === 0 &&
  asList(body.components).length === 0;

/** Discord's checks on a message body; each problem found (in the emulator's words), or none. */
export function messageProblems(body: Json, options: MessageCheckOptions): string[] {
  const problems = messageFormProblems(body, options).map((p) => p.text);
  if (isEmpty(body, options)) problems.push('Cannot send an empty message');
  return problems;
}

/**
 * How Discord refuses a message body: 400 50035 Invalid Form Body with the nested errors
 * when a field breaks a rule, else 400 50006 when a new message is empty; null when fine.
 */
export function messageRefusal(body: Json, options: MessageCheckOptions): Refusal | null {
  const refusal = formRefusal(messageFormProblems(body, options));
  if (refusal) return refusal;
  if (isEmpty(body, options)) return { status: 400, code: 50006, message: 'Cannot send an empty message' };
  return null;
}

export interface EmbedView {
  title: string;
  url: string | null;
  description: string;
  fields: { name: string; value: string }[];
  footer: string;
  timestamp: string | null;
  /** `image.url` as sent (Discord never fetches it at send time: a dead link is stored all the same). */
  image: string | null;
  /** `thumbnail.url` as sent. */
  thumbnail: string | null;
}

const mediaUrl = (media: unknown): string | null =>
  isRecord(media) && typeof media.url === 'string' ? media.url : null;

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
    image: mediaUrl(e.image),
    thumbnail: mediaUrl(e.thumbnail),
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

/**
 * Everything a reader sees in a message (escapes removed), as one string, for `toContain`
 * checks; with SUPPRESS_EMBEDS set, the embeds are hidden.
 */
export function textOf(message: Pick<EmulatedMessage, 'content' | 'embeds'> & { flags?: number }): string {
  const parts = [message.content];
  const hidden = ((message.flags ?? 0) & MESSAGE_FLAGS.suppressEmbeds) !== 0;
  for (const e of hidden ? [] : embedsOf(message))
    parts.push(e.title, e.description, ...e.fields.flatMap((f) => [f.name, f.value]), e.footer);
  return unescapeMarkdown(parts.filter((p) => p !== '').join('\n'));
}
