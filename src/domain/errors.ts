import { render, type Locale, type Message, type MessageArgs } from '../i18n/index.ts';

/**
 * Errors the core raises on purpose. Each carries a message written for the person
 * who typed the command: what was wrong and how to do it right. Commands turn them
 * into a Reply in the chat's language (`localizedMessage`); the CLI and the HTTP API
 * print `message`, which is the English text.
 */

/** What an error says: a message id with its arguments (src/i18n/locales), or, for operators only, plain English. */
export type ErrorText = string | Message | readonly Message[];

/** A message to show later, in the reader's language. */
export const msg = (id: string, args?: MessageArgs): Message => (args === undefined ? { id } : { id, args });

/** Several messages are one text, sentence after sentence (an article with several problems). */
const textIn = (locale: Locale, text: Message | readonly Message[]): string =>
  Array.isArray(text) ? text.map((m: Message) => render(locale, m)).join(' ') : render(locale, text as Message);
const english = (text: ErrorText): string => (typeof text === 'string' ? text : textIn('en', text));
const messageOf = (text: ErrorText): Message | readonly Message[] | undefined =>
  typeof text === 'string' ? undefined : text;

export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  /** One line showing the correct form, e.g. "/follow Armenia, Russia". */
  readonly hint: string | undefined;
  /** The message to translate, when the error was raised with one. */
  readonly text: Message | readonly Message[] | undefined;
  constructor(message: ErrorText, hint?: string) {
    super(english(message));
    this.hint = hint;
    this.text = messageOf(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly text: Message | readonly Message[] | undefined;
  constructor(message: ErrorText) {
    super(english(message));
    this.text = messageOf(message);
  }
}

/** The caller may not do this (not an admin, not an admin of this chat). Nothing changed. */
export class PermissionError extends Error {
  override readonly name = 'PermissionError';
  readonly text: Message | readonly Message[] | undefined;
  constructor(message: ErrorText) {
    super(english(message));
    this.text = messageOf(message);
  }
}

/** A second post of an article the archive already has (same URL or external id). */
export class DuplicateArticleError extends Error {
  override readonly name = 'DuplicateArticleError';
  readonly text: Message;
  constructor(
    readonly existingPublicId: string,
    readonly matchedOn: 'url' | 'externalId',
  ) {
    const text = msg(matchedOn === 'url' ? 'err-duplicate-url' : 'err-duplicate-external-id', { id: existingPublicId });
    super(english(text));
    this.text = text;
  }
}

/** An error's text in a language: its message when it carries one, else its (English) message. */
export function localizedMessage(
  err: Error & { text?: Message | readonly Message[] | undefined },
  locale: Locale,
): string {
  return err.text === undefined ? err.message : textIn(locale, err.text);
}

/** The platform refused to create a thread (a forum topic): `rights` when the bot may not, `not-forum` where there are none. */
export class ThreadCreationError extends Error {
  override readonly name = 'ThreadCreationError';
  constructor(
    readonly reason: 'rights' | 'not-forum' | 'other',
    message: string,
  ) {
    super(message);
  }
}
