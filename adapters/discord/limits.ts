/**
 * Discord's size limits for what the bot sends, from the API documentation
 * (Message Resource › Embed Limits, Message Components). Discord rejects a whole
 * message (400, code 50035) when one of them is exceeded, so every renderer cuts to
 * these before sending.
 */
export const DISCORD_LIMITS = {
  /** Message content. */
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  /** Title, description, field names and values, footer and author, over all embeds of a message. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  /** Autocomplete: at most this many choices, each name and value at most choiceText characters. */
  autocompleteChoices: 25,
  choiceText: 100,
  commandDescription: 100,
  optionDescription: 100,
  /** Text inputs in a modal. */
  textInputValue: 4000,
  /** Nonces used to make a channel message idempotent. */
  nonce: 25,
} as const;

/** Embed colours: tagwire's accent for answers and articles, amber for refusals, red for errors. */
export const EMBED_COLORS = { ok: 0x3b82f6, refused: 0xf59e0b, error: 0xdc2626 } as const;

/**
 * Slack added to the sender's one-second window for Discord's global limit
 * (request-window.ts), in ms: the window counts from each request's answer, so it only
 * has to cover the rounding of two clocks (ours and Discord's).
 */
export const GLOBAL_WINDOW_GUARD_MS = 5;
