import { LabelBuilder, ModalBuilder, TextInputStyle } from 'discord.js';
import {
  DEFAULT_LOCALE,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  translator,
  type CommandContext,
  type Core,
  type EditFormFields,
  type Locale,
  type Reply,
} from '../../src/index.ts';
import { input, MAX_INPUT, POST_FIELDS } from './post-modal.ts';

/**
 * /edit ID in Discord: the /post modal, prefilled with the article as it is. Its
 * submission is written as the one-message /edit form (every field: what the form shows
 * is the article as it will be) and handled by the core like a typed /edit. A body longer
 * than a modal field (4,000 characters) is left out of the form, and kept when the field
 * is left empty.
 */
export const EDIT_MODAL_PREFIX = 'tagwire:edit:';

export function editModal(form: EditFormFields, locale: Locale = DEFAULT_LOCALE): ModalBuilder {
  const t = translator(locale);
  const prefilled = (id: string, style: TextInputStyle, required: boolean, value: string, max = MAX_INPUT) => {
    const field = input(id, style, required, '', max);
    if (value !== '' && value.length <= max) field.setValue(value);
    return field;
  };
  const longBody = form.body.length > MAX_INPUT;
  return new ModalBuilder()
    .setCustomId(`${EDIT_MODAL_PREFIX}${form.publicId}`)
    .setTitle(t('modal-edit-title', { id: form.publicId }))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(t('modal-field-title'))
        .setTextInputComponent(prefilled(POST_FIELDS.title, TextInputStyle.Short, true, form.title, MAX_TITLE_LENGTH)),
      new LabelBuilder()
        .setLabel(t('card-tags'))
        .setDescription(t('modal-tags-hint'))
        .setTextInputComponent(prefilled(POST_FIELDS.tags, TextInputStyle.Short, true, form.tags)),
      new LabelBuilder()
        .setLabel('URL')
        .setTextInputComponent(
          prefilled(POST_FIELDS.url, TextInputStyle.Short, false, form.url, Math.min(MAX_URL_LENGTH, MAX_INPUT)),
        ),
      new LabelBuilder()
        .setLabel(t('modal-field-source'))
        .setTextInputComponent(prefilled(POST_FIELDS.source, TextInputStyle.Short, false, form.source)),
      new LabelBuilder()
        .setLabel(t('modal-field-body'))
        .setDescription(t(longBody ? 'modal-edit-body-long' : 'modal-edit-body-hint'))
        .setTextInputComponent(prefilled(POST_FIELDS.body, TextInputStyle.Paragraph, false, longBody ? '' : form.body)),
    );
}

/** Corrects the article through the core's /edit, so the checks (admins only), the parsing and the reply are a typed /edit's. */
export async function submitEdit(
  core: Core,
  ctx: CommandContext,
  customId: string,
  field: (id: string) => string,
): Promise<Reply> {
  const line = (value: string) => value.replace(/[\r\n]+/gu, ' ').trim();
  const id = customId.slice(EDIT_MODAL_PREFIX.length);
  const lines = [
    `/edit ${id}`,
    `title: ${line(field(POST_FIELDS.title))}`,
    `tags: ${line(field(POST_FIELDS.tags))}`,
    `url: ${line(field(POST_FIELDS.url))}`,
    `source: ${line(field(POST_FIELDS.source))}`,
  ];
  const body = field(POST_FIELDS.body).trim();
  return core.handleCommand(ctx, body === '' ? lines.join('\n') : `${lines.join('\n')}\n\n${body}`);
}
