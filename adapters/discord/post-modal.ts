import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import {
  composePostMessage,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  DEFAULT_LOCALE,
  translator,
  type Locale,
  type CommandContext,
  type Core,
  type Reply,
} from '../../src/index.ts';

/**
 * /post in Discord: a modal with the article's fields instead of the one-message form,
 * so nothing has to be typed in a special layout. Its submission is written as the
 * one-message /post form and handled by the core like a typed /post.
 */
export const POST_MODAL_ID = 'tagwire:post';

export const POST_FIELDS = { title: 'title', tags: 'tags', url: 'url', source: 'source', body: 'body' } as const;

/** Discord's own cap on a paragraph input. */
export const MAX_INPUT = 4_000;

export const input = (
  id: string,
  style: TextInputStyle,
  required: boolean,
  placeholder: string,
  maxLength = MAX_INPUT,
) =>
  new TextInputBuilder()
    .setCustomId(id)
    .setStyle(style)
    .setRequired(required)
    .setPlaceholder(placeholder)
    .setMaxLength(maxLength);

export function postModal(locale: Locale = DEFAULT_LOCALE): ModalBuilder {
  const t = translator(locale);
  return new ModalBuilder()
    .setCustomId(POST_MODAL_ID)
    .setTitle(t('modal-title'))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(t('modal-field-title'))
        .setTextInputComponent(
          input(
            POST_FIELDS.title,
            TextInputStyle.Short,
            true,
            'Armenia freezes its CSTO participation',
            MAX_TITLE_LENGTH,
          ),
        ),
      new LabelBuilder()
        .setLabel(t('card-tags'))
        .setDescription(t('modal-tags-hint'))
        .setTextInputComponent(input(POST_FIELDS.tags, TextInputStyle.Short, true, 'Armenia, CSTO')),
      new LabelBuilder()
        .setLabel('URL')
        .setTextInputComponent(
          input(
            POST_FIELDS.url,
            TextInputStyle.Short,
            false,
            'https://example.com/armenia-csto',
            Math.min(MAX_URL_LENGTH, MAX_INPUT),
          ),
        ),
      new LabelBuilder()
        .setLabel(t('modal-field-source'))
        .setTextInputComponent(input(POST_FIELDS.source, TextInputStyle.Short, false, 'Example News')),
      new LabelBuilder()
        .setLabel(t('modal-field-body'))
        .setTextInputComponent(input(POST_FIELDS.body, TextInputStyle.Paragraph, false, t('modal-body-hint'))),
    );
}

/**
 * Posts the modal's article through the core's /post, so the checks (admins only),
 * the parsing of tags and the reply are the same as for a typed /post.
 */
export async function submitPost(core: Core, ctx: CommandContext, field: (id: string) => string): Promise<Reply> {
  return core.handleCommand(
    ctx,
    composePostMessage({
      title: field(POST_FIELDS.title),
      tags: field(POST_FIELDS.tags),
      url: field(POST_FIELDS.url),
      source: field(POST_FIELDS.source),
      body: field(POST_FIELDS.body),
    }),
  );
}
