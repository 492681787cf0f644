import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import {
  asHashtag,
  DuplicateArticleError,
  UserInputError,
  type CommandContext,
  type Core,
  type Reply,
  type Span,
} from '../../src/index.ts';

/**
 * /post in Discord: a modal with the article's fields instead of the one-message form,
 * so nothing has to be typed in a special layout. Its submission goes straight to
 * `core.postArticle`, after the same admin check the core makes for /post.
 */
export const POST_MODAL_ID = 'tagwire:post';

export const POST_FIELDS = { title: 'title', tags: 'tags', url: 'url', source: 'source', body: 'body' } as const;

const input = (id: string, style: TextInputStyle, required: boolean, placeholder: string) =>
  new TextInputBuilder().setCustomId(id).setStyle(style).setRequired(required).setPlaceholder(placeholder);

export function postModal(): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(POST_MODAL_ID)
    .setTitle('Post an article')
    .addLabelComponents(
      new LabelBuilder().setLabel('Title').setTextInputComponent(input(POST_FIELDS.title, TextInputStyle.Short, true, 'Armenia freezes its CSTO participation')),
      new LabelBuilder().setLabel('Tags').setDescription('Separated by commas').setTextInputComponent(input(POST_FIELDS.tags, TextInputStyle.Short, true, 'Armenia, CSTO')),
      new LabelBuilder().setLabel('URL').setTextInputComponent(input(POST_FIELDS.url, TextInputStyle.Short, false, 'https://example.com/armenia-csto')),
      new LabelBuilder().setLabel('Source').setTextInputComponent(input(POST_FIELDS.source, TextInputStyle.Short, false, 'Example News')),
      new LabelBuilder().setLabel('Body').setTextInputComponent(input(POST_FIELDS.body, TextInputStyle.Paragraph, false, 'The article text; the summary is made from it.')),
    );
}

/** Tags as typed in the modal: comma-separated, or hashtags separated by spaces. */
export function splitTags(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = /[,，]/u.test(trimmed) ? trimmed.split(/[,，]/u) : /(^|\s)[#＃]/u.test(trimmed) ? trimmed.split(/\s+/u) : [trimmed];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const paragraph = (...spans: Span[]) => ({ kind: 'paragraph' as const, spans });

/** Posts the modal's article; answers like the core's /post does. */
export async function submitPost(core: Core, ctx: CommandContext, field: (id: string) => string): Promise<Reply> {
  // The core's refusal text, for someone who is not (or no longer) an admin.
  if (!core.isBotAdmin(ctx)) return core.handleCommand(ctx, '/post');
  const optional = (id: string) => (field(id).trim() === '' ? undefined : field(id).trim());
  try {
    const result = await core.postArticle({
      title: field(POST_FIELDS.title),
      tags: splitTags(field(POST_FIELDS.tags)),
      url: optional(POST_FIELDS.url),
      source: optional(POST_FIELDS.source),
      body: field(POST_FIELDS.body),
    }, { postedBy: `discord:${ctx.user.id}`, notify: true });
    const { article, recipients } = result;
    const reach = recipients === 1 ? '1 subscriber' : `${recipients} subscribers`;
    return {
      status: 'ok',
      blocks: [
        paragraph({ text: 'Posted ' }, { text: article.publicId, code: true }, { text: ': ' }, { text: article.title, bold: true }),
        paragraph({ text: `Tags: ${article.tags.map(asHashtag).join(' ')}. It reaches ${reach}.` }),
      ],
      buttons: [[{ label: 'View', data: `/article ${article.publicId}` }]],
    };
  } catch (err) {
    if (err instanceof DuplicateArticleError) {
      return { status: 'error', blocks: [paragraph({ text: err.message })], buttons: [[{ label: 'View it', data: `/article ${err.existingPublicId}` }]] };
    }
    if (err instanceof UserInputError) return { status: 'error', blocks: [paragraph({ text: err.message })], buttons: [] };
    throw err;
  }
}
