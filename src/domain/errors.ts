/**
 * Errors the core raises on purpose. Each carries a message written for the person
 * who typed the command: what was wrong and how to do it right. Commands turn them
 * into a Reply; the CLI prints them; nothing else should reach a chat.
 */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  /** One line showing the correct form, e.g. "/follow Armenia, Russia". */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The caller may not do this (not an admin, not an admin of this chat). Nothing changed. */
export class PermissionError extends Error {
  override readonly name = 'PermissionError';
}

/** A second post of an article the archive already has (same URL or external id). */
export class DuplicateArticleError extends Error {
  override readonly name = 'DuplicateArticleError';
  constructor(
    readonly existingPublicId: string,
    readonly matchedOn: 'url' | 'externalId',
  ) {
    super(
      `This article is already in the archive as ${existingPublicId} (same ${matchedOn === 'url' ? 'URL' : 'external id'}).`,
    );
  }
}
