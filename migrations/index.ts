import type { Migration } from 'kysely';
import * as core from './0001_core.ts';
import * as search from './0002_search.ts';
import * as delivery from './0003_delivery.ts';
import * as feeds from './0004_feeds.ts';
import * as scaleOut from './0005_scale_out.ts';
import * as readerSchedules from './0006_reader_schedules.ts';
import * as outboxLean from './0007_outbox_lean.ts';
import * as conversations from './0008_conversations.ts';
import * as savedSearches from './0009_saved_searches.ts';
import * as chatLanguage from './0010_chat_language.ts';
import * as webSessions from './0011_web_sessions.ts';
import * as tagStatsPerStatement from './0012_tag_stats_per_statement.ts';
import * as languageAnalysis from './0013_language_analysis.ts';
import * as rekeyTags from './0014_rekey_tags.ts';
import * as chatThreads from './0015_chat_threads.ts';
import * as cards from './0016_cards.ts';
import * as forumChannels from './0017_forum_channels.ts';
import * as cardUpdates from './0018_card_updates.ts';
import * as feedUpdates from './0019_feed_updates.ts';
import * as senderIdentity from './0020_sender_identity.ts';
import * as signinAttempts from './0021_signin_attempts.ts';
import * as titleSearch from './0022_title_search.ts';
import * as stemsApart from './0023_stems_apart.ts';
import * as outboxUnsent from './0024_outbox_unsent.ts';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_search': search,
  '0003_delivery': delivery,
  '0004_feeds': feeds,
  '0005_scale_out': scaleOut,
  '0006_reader_schedules': readerSchedules,
  '0007_outbox_lean': outboxLean,
  '0008_conversations': conversations,
  '0009_saved_searches': savedSearches,
  '0010_chat_language': chatLanguage,
  '0011_web_sessions': webSessions,
  '0012_tag_stats_per_statement': tagStatsPerStatement,
  '0013_language_analysis': languageAnalysis,
  '0014_rekey_tags': rekeyTags,
  '0015_chat_threads': chatThreads,
  '0016_cards': cards,
  '0017_forum_channels': forumChannels,
  '0018_card_updates': cardUpdates,
  '0019_feed_updates': feedUpdates,
  '0020_sender_identity': senderIdentity,
  '0021_signin_attempts': signinAttempts,
  '0022_title_search': titleSearch,
  '0023_stems_apart': stemsApart,
  '0024_outbox_unsent': outboxUnsent,
};
