import type { Reply } from '../../src/domain/reply.ts';
import type { CommandContext } from '../../src/commands/context.ts';

/** A Reply as plain text (spans joined), for assertions. */
export function replyText(reply: Reply): string {
  return reply.blocks
    .map((b) => {
      switch (b.kind) {
        case 'paragraph':
          return b.spans.map((s) => s.text).join('');
        case 'list':
          return b.items.map((i) => i.map((s) => s.text).join('')).join('\n');
        case 'result':
          return `${b.rank}. ${b.article.title} [${b.article.publicId}] ${b.snippet.map((s) => s.text).join('')}`;
        case 'article':
          return `${b.article.title}\n${b.body ?? b.article.summary}`;
      }
    })
    .join('\n');
}

export const consoleCtx: CommandContext = {
  platform: 'console',
  chat: { id: 'local', kind: 'user' },
  user: { id: 'local' },
  canManageChat: true,
};

export function telegramUser(id: string): CommandContext {
  return { platform: 'telegram', chat: { id, kind: 'user' }, user: { id }, canManageChat: true };
}

export function telegramGroup(groupId: string, userId: string, isGroupAdmin: boolean): CommandContext {
  return {
    platform: 'telegram',
    chat: { id: groupId, kind: 'group', title: 'A group' },
    user: { id: userId },
    canManageChat: isGroupAdmin,
  };
}
