import type { CardPreviewer } from '../../src/index.ts';
import { keyboardFor } from './render.ts';
import { cardMessage } from './sender.ts';

/** A delivered card as Telegram shows it, for the newsroom's preview: the sender's own message and keyboard. */
export const telegramCardPreviewer: CardPreviewer = {
  platform: 'telegram',
  render({ article, buttons, locale }) {
    const card = cardMessage(article, locale);
    const keyboard = keyboardFor(buttons)?.inline_keyboard ?? [];
    return {
      platform: 'telegram',
      html: 'photo' in card ? card.caption : card.text,
      picture:
        'photo' in card
          ? { url: card.photo, as: 'photo' }
          : card.picture === null
            ? null
            : { url: card.picture, as: 'large-preview' },
      buttons: keyboard.map((row) => row.map((b) => b.text)),
    };
  },
};
