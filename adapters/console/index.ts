import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import type {
  Adapter,
  AdapterFactory,
  AdapterHost,
  Button,
  CommandContext,
  DeliveryMessage,
  DigestDeliveryMessage,
  Sender,
} from '../../src/index.ts';
import { renderArticleCard, renderButtons, renderReply, type TextStyle } from './render.ts';

/** Characters per digest page in the console (no platform limit; a screenful or so). */
const CONSOLE_DIGEST_PAGE_CHARS = 4_000;

/** The console user's chat id: one local reader who is also an admin. */
export const CONSOLE_CHAT_ID = 'local';

/**
 * The console adapter: stdin lines are messages from the local user, replies and
 * deliveries print on stdout. A line ending in "\" continues on the next line, so the
 * one-message /post form can be typed or piped. Typing a button's number presses it.
 * At the end of input, due deliveries are sent and the program exits.
 */
export function createConsoleAdapter(host: AdapterHost): Adapter {
  const { input, output } = host.io;
  const style: TextStyle = { ansi: Boolean((output as { isTTY?: boolean }).isTTY) };
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY) && style.ansi;
  let user = 'local';
  try {
    user = userInfo().username;
  } catch {
    /* no user name on this system */
  }
  const ctx: CommandContext = {
    platform: 'console',
    chat: { id: CONSOLE_CHAT_ID, kind: 'user', title: 'console' },
    user: { id: CONSOLE_CHAT_ID, name: user },
    canManageChat: true,
  };
  let lastButtons: Button[] = [];
  let messageCount = 0;
  let rl: ReturnType<typeof createInterface> | null = null;

  const print = (text: string) => {
    output.write(`${text}\n`);
  };
  const prompt = (preserveCursor = false) => {
    if (interactive) rl?.prompt(preserveCursor);
  };
  const remember = (buttons: readonly Button[][]) => {
    if (buttons.flat().length > 0) lastButtons = buttons.flat();
  };

  const sender: Sender = {
    platform: 'console',
    async send(message: DeliveryMessage) {
      messageCount++;
      const buttons = renderButtons(message.buttons, style);
      print(
        `\n📰 ${renderArticleCard(message.article, style, undefined, message.locale)}${buttons ? `\n${buttons}` : ''}\n`,
      );
      remember(message.buttons);
      prompt(true);
      return { messageId: `console-${messageCount}` };
    },
    async sendDigest(message: DigestDeliveryMessage) {
      messageCount++;
      print(`\n🗞  ${renderReply(message.page, style)}\n`);
      prompt(true);
      return { messageId: `console-${messageCount}` };
    },
    // A terminal cannot change what it printed: a corrected card is printed again, marked so.
    async editCard(message: DeliveryMessage, messageId: string) {
      print(`\n✏️  ${messageId} ${renderArticleCard(message.article, style, undefined, message.locale)}\n`);
      prompt(true);
    },
    async deleteCard(_subscriber, messageId: string) {
      print(`\n🗑  ${messageId}\n`);
      prompt(true);
    },
    // A terminal has no message limit; a digest still splits past this many characters.
    fits: (reply) => renderReply(reply, { ansi: false }).length <= CONSOLE_DIGEST_PAGE_CHARS,
  };

  async function handleMessage(text: string): Promise<void> {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const choice = /^\[?(\d{1,2})\]?$/u.exec(trimmed);
    const button = choice ? lastButtons[Number(choice[1]) - 1] : undefined;
    const reply = button ? await host.core.pressButton(ctx, button.data) : await host.core.handleCommand(ctx, text);
    print(renderReply(reply, style));
    remember(reply.buttons);
  }

  return {
    platform: 'console',
    sender,
    async start() {
      rl = createInterface({ input, output, terminal: interactive, prompt: '> ' });
      if (interactive) print('tagwire console: type /help to begin; end a line with \\ to continue it; Ctrl-D quits.');
      let pending = '';
      let chain = Promise.resolve();
      rl.on('line', (line) => {
        if (line.endsWith('\\')) {
          pending += `${line.slice(0, -1)}\n`;
          return;
        }
        const message = pending + line;
        pending = '';
        chain = chain
          .then(() => handleMessage(message))
          .catch((err: unknown) => {
            host.logger.error({ err }, 'console message failed');
          })
          .then(() => prompt());
      });
      // Ctrl-C on a terminal: readline catches it, so stop here as a signal would.
      rl.on('SIGINT', () => {
        void host.shutdown({ drain: false });
      });
      rl.on('close', () => {
        const rest = pending;
        chain = chain
          .then(() => (rest.trim() !== '' ? handleMessage(rest) : undefined))
          .catch((err: unknown) => {
            host.logger.error({ err }, 'console message failed');
          });
        void chain.then(() => host.shutdown({ drain: true }));
      });
      prompt();
    },
    async stop() {
      const open = rl;
      rl = null;
      open?.close();
    },
  };
}

export const consoleAdapterFactory: AdapterFactory = {
  platform: 'console',
  isConfigured: () => false,
  create: createConsoleAdapter,
};
