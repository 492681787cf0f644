import type { ResponseParameters } from 'grammy/types';

/**
 * Errors as the Bot API answers them: HTTP status = error_code, body
 * `{ok: false, error_code, description, parameters?}`. The presets are the ones
 * PLATFORMS.md lists, worded as Telegram words them.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  body(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const apiErrors = {
  tooManyRequests: (retryAfterSeconds: number) =>
    new ApiFailure(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds }),
  blockedByUser: () => new ApiFailure(403, 'Forbidden: bot was blocked by the user'),
  kickedFromGroup: () => new ApiFailure(403, 'Forbidden: bot was kicked from the group chat'),
  kickedFromSupergroup: () => new ApiFailure(403, 'Forbidden: bot was kicked from the supergroup chat'),
  notMemberOfChannel: () => new ApiFailure(403, 'Forbidden: bot is not a member of the channel chat'),
  userDeactivated: () => new ApiFailure(403, 'Forbidden: user is deactivated'),
  chatNotFound: () => new ApiFailure(400, 'Bad Request: chat not found'),
  groupUpgraded: (newChatId: number) =>
    new ApiFailure(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: newChatId }),
  needAdminRights: () => new ApiFailure(400, 'Bad Request: need administrator rights in the channel chat'),
  internalServerError: () => new ApiFailure(500, 'Internal Server Error'),
  badGateway: () => new ApiFailure(502, 'Bad Gateway'),
  unauthorized: () => new ApiFailure(401, 'Unauthorized'),
  notFound: () => new ApiFailure(404, 'Not Found'),
  // Forum topics (forum.ts).
  threadNotFound: () => new ApiFailure(400, 'Bad Request: message thread not found'),
  topicClosed: () => new ApiFailure(400, 'Bad Request: TOPIC_CLOSED'),
  topicNotModified: () => new ApiFailure(400, 'Bad Request: TOPIC_NOT_MODIFIED'),
  notAForum: () => new ApiFailure(400, 'Bad Request: the chat is not a forum'),
  badRequest: (what: string) => new ApiFailure(400, `Bad Request: ${what}`),
  conflict: (what: string) => new ApiFailure(409, `Conflict: ${what}`),
};
