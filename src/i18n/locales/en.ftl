# tagwire's messages in English: the reference. Every message here exists in ru.ftl and
# hy.ftl with the same placeables (test/i18n checks). Tags, commands and ids stay as they are.

## Command summaries (/help, Telegram's command menu, Discord's slash commands)

cmd-start = Start receiving news here (again)
cmd-help = Every command, or how to use one
cmd-follow = Follow tags: get each new article with them once
cmd-unfollow = Stop following tags
cmd-mute = Mute tags, or "words": skip articles that carry them, even if you follow another of their tags
cmd-unmute = Unmute tags, or "words" muted with /mute
cmd-watch = Follow a search: get each new article with all its words once
cmd-unwatch = Stop following a search
cmd-tags = What this chat follows and mutes
cmd-toptags = The most-followed tags
cmd-digest = Get articles as one digest a day or a week instead of one by one
cmd-timezone = Set the time zone for digests and quiet hours (e.g. Europe/Yerevan)
cmd-quiet = Quiet hours: articles posted then wait until they end
cmd-pause = Pause all deliveries here (follows are kept); /resume restarts them
cmd-resume = Restart deliveries after /pause
cmd-latest = The newest articles, or the newest with a tag
cmd-search = Search the archive: words, "phrases", -exclude, #tag, since:/until: dates
cmd-related = Articles related to one article
cmd-article = One article in full
cmd-language = The language of this chat: English, Russian or Armenian
cmd-card = How this chat's cards look: headline, compact or full; link previews; silent delivery
cmd-topics = In a Telegram forum: a topic of its own for each tag this chat follows
cmd-post = Post an article, typed or from a web page, and deliver it to followers (admins)
cmd-delete = Delete an article; with everywhere, its delivered cards too (admins)
cmd-edit = Correct an article: every card already delivered is edited in place (admins)
cmd-rename = Change how a tag is spelled everywhere (admins)
cmd-merge = Merge one tag into another: its followers and articles move, its name becomes an alias (admins)
cmd-alias = Make another spelling mean an existing tag (admins)
cmd-stats = Archive, subscriber and delivery counts (admins)
cmd-why = Explain whether and why an article reached a chat (admins)
cmd-feed = Article feeds (RSS, Atom, JSON Feed) polled into the archive (admins)
cmd-connect = Let me post to a channel you administer (add me as its admin first)
cmd-disconnect = Stop managing a channel from this chat
cmd-channels = The channels you connected
cmd-cancel = Stop a guided /post

## The router: refusals and errors common to every command

example = Example:
refused-admin = Sorry, /{ $command } is for the bot's admins. Nothing was changed.
refused-manager = Sorry, only this chat's admins can change what it follows. Nothing was changed. You can still /search and /follow in a private chat with me.
refused-toggle = Only this chat's admins can change what it follows.
refused-language = Sorry, only this chat's admins can change its language. Nothing was changed.
refused-card = Sorry, only this chat's admins can change how its cards look. Nothing was changed.
refused-topics = Sorry, only this chat's admins can change how its topics are made. Nothing was changed.
button-view-it = View it
button-related = Related
error-internal = Something went wrong on our side and it was logged. Please try again in a moment.
error-too-long = That message is too long for me to read.
error-not-a-command = Commands start with "/". Send /help to see them all.
error-no-such-command = There is no command /{ $command }. Send /help for the list.
error-no-such-command-near = There is no command /{ $command }. Did you mean /{ $near }? Send /help for the list.
error-button-outdated = That button is out of date.
error-button-expired = That button has expired. Run the command again.
error-button-unknown = That button is not one of mine.
toggle-followed = Now following { $tag }.
toggle-unfollowed = Stopped following { $tag }.

## /topics

topics-not-forum = Topics work in a Telegram group with topics (a forum). Elsewhere, /follow tags in the chat, thread or channel where they should arrive.
topics-unknown = I do not know "{ $mode }": send /topics auto, or /topics off.
topics-status-auto = Every tag this chat follows gets a topic of its own (/topics off to stop). /follow inside a topic sends a tag there.
topics-status-off = Tags go where they were followed: /follow inside a topic sends a tag there. /topics auto gives every followed tag a topic of its own.
topics-created = { $count ->
    [0] No new topic was needed.
    [one] I created { $count } topic and moved its tag there.
   *[other] I created { $count } topics and moved their tags there.
}
topics-auto-on = From now on every tag followed here gets a topic of its own.
topics-off = I will not create topics any more. The topics made so far keep their tags.
topics-no-rights = I may not create topics here: make me an administrator with the right to manage topics, then send /topics auto again.
topics-refused = Telegram refused to create the topic: { $error }

## /card

card-status = Cards here: { $style ->
    [headline] headline (the title only)
    [full] full (the title and the first paragraphs)
   *[compact] compact (the title and the summary)
}. Link previews: { $previews ->
    [on] on
   *[off] off
}. Silent delivery: { $silent ->
    [on] on
   *[off] off
}.
card-help = Change it with /card headline, /card compact or /card full, /card previews on|off (Telegram: a card without a picture shows its page's preview), /card silent on|off (cards and digests arrive without a sound).
card-unknown = I do not understand "{ $word }" here. Write a style (headline, compact or full), "previews on" or "off", "silent on" or "off".
card-saved = Saved: the next cards here look like this.
button-card-style = { $style ->
    [headline] Headline only
    [full] Full
   *[compact] Compact
}
button-card-previews = { $previews ->
    [on] Link previews on
   *[off] Link previews off
}
button-card-silent = { $silent ->
    [on] Silent
   *[off] With sound
}

## /identity: the name and picture a Discord channel's cards are posted under

cmd-identity = The name and picture this Discord channel's cards are posted under
refused-identity = Sorry, only this channel's admins can change the name its cards are posted under. Nothing was changed.
identity-status = Cards here are posted as “{ $name }”.
identity-status-picture = Cards here are posted as “{ $name }”, with the picture { $avatar }.
identity-status-none = Cards here are posted by the bot under its own name.
identity-help = Change it with /identity NAME, optionally followed by a picture's address (https://…), or /identity off to post as the bot again. The bot needs the Manage Webhooks permission in the channel; without it, cards come from the bot itself.
identity-saved = Saved: the next cards here are posted under this name.
identity-off = Done: cards here are posted by the bot again.
identity-not-here = A name of its own is for a Discord server channel, where the bot posts through a webhook. Here cards come from the bot itself.
identity-name-empty = Write the name to post under, for example /identity Armenia Wire.
identity-name-too-long = The name may have at most { $max } characters, on one line.
identity-name-forbidden = Discord does not allow “{ $part }” in the name a message is posted under. Choose another name.
identity-avatar-invalid = “{ $text }” is not the web address (http or https) of a picture.
discord-channel-identity = The name and picture this channel's cards are posted under (needs Manage Webhooks)
discord-opt-identity-name = The name to post under, up to 80 characters
discord-opt-identity-picture = The address (https://…) of the picture to post with
discord-opt-identity-off = True: post as the bot again

## /language

language-current = This chat's language: { $language }. Choose another:
language-set = From now on this chat gets replies, articles and digests in English.
language-unknown = I do not speak "{ $language }". Choose one of { $choices }.

## Reader schedules: times, days, zones, quiet hours

err-not-a-time = "{ $text }" is not a time of day. Use 24-hour HH:MM, from 00:00 to 23:59.
err-not-a-weekday = "{ $text }" is not a day of the week. Use a name such as Monday or Mon.
err-which-zone = Which time zone? Give its IANA name.
err-zone-unknown = "{ $text }" is not a time zone I know. Names look like Europe/Yerevan, America/New_York or Asia/Tokyo.
err-zone-unknown-near = "{ $text }" is not a time zone I know. Did you mean { $zones }?
err-quiet-form = Give quiet hours as a start and an end time, or "off".
err-quiet-same = Quiet hours need an end different from their start. To stop deliveries altogether, use /pause.

## Errors from the archive

err-duplicate-url = This article is already in the archive as { $id } (same URL).
err-duplicate-external-id = This article is already in the archive as { $id } (same external id).

## Digests

digest-heading = { $cadence ->
        [daily] Your daily digest
        [weekly] Your weekly digest
       *[none] Your digest
    }, { $date }: { $count } { $count ->
        [one] article
       *[other] articles
    }{ $part }
digest-continued = (continued)
digest-left-out = …and { $count } more { $count ->
        [one] article
       *[other] articles
    }: see /latest for the newest.
refused-schedule = Sorry, only this chat's admins can change this chat's schedule. Nothing was changed. You can set your own in a private chat with me.
err-weekly-needs = A weekly digest needs a day and a time.
err-daily-needs = A daily digest needs a time (24-hour HH:MM).
err-digest-setting = "{ $text }" is not a digest setting. Use off, daily HH:MM or weekly DAY HH:MM.
err-no-arguments = /{ $command } takes nothing after it; "{ $text }" was not understood. Nothing was changed.
schedule-no-digest = Articles arrive as they are posted (no digest).
schedule-daily-at = daily at { $time }
schedule-weekly-at = every { $day } at { $time }
schedule-digest = Digest { $when } ({ $zone }).
schedule-next = Next: { $at }.
schedule-no-quiet = No quiet hours.
schedule-quiet = Quiet hours { $start }–{ $end } ({ $zone }).
schedule-paused = **Paused**: articles for this chat are skipped until `/resume`.
schedule-utc-hint = Times are in UTC. Set your time zone with `/timezone Europe/Berlin` (any IANA name).
digest-change-hint = Change it with `/digest daily 08:00`, `/digest weekly monday 08:00` or `/digest off`.
digest-off = Digest off: articles arrive as they are posted.
digest-flushed = The { $count } { $count ->
        [one] article collected so far comes
       *[other] articles collected so far come
    } now, as one last digest.
digest-on = Articles for this chat now collect until then and arrive as one message, grouped by tag. A digest with nothing in it is not sent.
timezone-current = Time zone: { $zone } ({ $now } there now).
timezone-change-hint = Change it with `/timezone Asia/Yerevan`.
timezone-set = Time zone set to { $zone }: it is { $now } there now.
quiet-change-hint = Set them with `/quiet 22:00-07:00`, or turn them off with `/quiet off`.
quiet-off = Quiet hours off: articles arrive as they are posted. Any that were waiting are on their way.
quiet-on = Articles posted in that window wait until it ends, then arrive in order.
quiet-on-digest = Articles posted in that window wait until it ends, then arrive in order. Your digest comes at its time regardless.
quiet-now = Quiet now, until { $until }.
pause-already = Already paused since { $since }. Send `/resume` to restart.
pause-done = Paused. Articles for this chat are skipped, not saved for later, until you send `/resume`. Your follows stay as they are.
pause-skipped = { $count } { $count ->
        [one] article that was
       *[other] articles that were
    } waiting to be sent will not be.
resume-not-paused = Deliveries here are not paused.
resume-done = Resumed: new articles arrive here again.
resume-nothing-skipped = Nothing was skipped while paused.
resume-skipped = While paused, { $count } { $count ->
        [one] article was
       *[other] articles were
    } skipped:
resume-skipped-newest = While paused, { $count } { $count ->
        [one] article was
       *[other] articles were
    } skipped; the newest { $shown }:
resume-read-hint = Read any of them with `/article ID`, or see the newest with `/latest`.

## Search suggestions (buttons under a search that found nothing)

suggest-quoted = Did you mean "{ $text }"?
suggest-tag = Did you mean { $tag }?
suggest-without-tag = Without { $tag }
suggest-any-date = Any date
suggest-allow = Allow { $words }
suggest-any-order = Words in any order
suggest-without-word = Without "{ $word }"

## Followed searches and word mutes

search-followed = Now following the search { $searches }: each new article with every one of its words (and none it excludes) comes here once.
search-already-followed = Already following the search { $searches }.
words-muted = Muted the words { $words }: articles containing them are skipped here.
words-already-muted = Already muted { $words }.
search-unfollowed = Stopped following the search { $searches }.
words-unmuted = Unmuted the words { $searches }.
search-not-followed = This chat was not following the search { $searches }.
words-not-muted = This chat was not muting the words { $searches }.
tags-lists-hint = `/tags` lists what it has.
tags-searches = Searches ({ $count }): { $list }
tags-muted-words = Muted words ({ $count }): { $list }

## Following tags: /start, /follow, /unfollow, /mute, /unmute, /tags, /toptags

err-which-tags = Which tags? Name them after /{ $command }: one tag, several separated by commas, or hashtags.
err-too-many-tags = That is more than { $max } tags at once; send them in smaller groups.
tags-followed = Now following { $tags }.
tags-already-followed = Already following { $tags }.
tags-unfollowed = Stopped following { $tags }.
tags-not-followed = Was not following { $tags }.
tags-muted = Muted { $tags }.
tags-already-muted = Already muted { $tags }.
tags-unmuted = Unmuted { $tags }.
tags-not-muted = Was not muting { $tags }.
tags-new-followed = No article has had { $tags } yet; you will get the first one.
tags-new-muted = No article has had { $tags } yet; any that comes will be skipped here.
tags-did-you-mean = Did you mean { $tags }? Those have articles already.
button-follow = Follow { $tag }
button-mute = Mute { $tag }
start-back = Welcome back: deliveries to this chat are on again.
start-welcome = Welcome to tagwire: news by tag, each article once.
start-follows = This chat follows { $tags }.
start-begin = Follow a few tags to begin, for example `/follow Armenia, Russia`. See `/toptags` for popular ones.
start-help = Send `/help` for every command.
tags-none = This chat follows no tags yet. Try `/follow Armenia` or see `/toptags`.
tags-following-list = Following ({ $count }): { $list }
tags-following-none = Following no tags.
tags-muted-list = Muted ({ $count }): { $list }
tags-resumed = Deliveries to this chat were paused and are now resumed.
tags-routed-here = { $count ->
    [one] Its articles go to this topic.
   *[other] Their articles go to this topic.
}
thread-resumed = Deliveries to this topic were paused and are now resumed.
tags-thread-route = In the topic “{ $thread }”: { $tags }
tags-thread-paused = In the topic “{ $thread }” (paused: the topic is closed or deleted; reopen it, or follow the tags again in another topic): { $tags }
notice-thread-paused = Deliveries to the topic “{ $thread }” were paused: the topic was { $reason ->
    [deleted] deleted
   *[other] closed
}. The rest of this chat still gets its news. Reopen the topic, or send /follow with its tags in another topic.
tags-status = Deliveries here are { $status }. Send /start here, or follow a tag again, to turn them on.
tags-status-reason = Deliveries here are { $status } ({ $reason }). Send /start here, or follow a tag again, to turn them on.
status-active = active
status-paused = paused
status-deactivated = deactivated
toptags-none = Nobody follows any tag yet. Be the first: `/follow Armenia`
toptags-heading = Most-followed tags:
toptags-followers = { $count } { $count ->
        [one] follower
       *[other] followers
    }

## /help

err-no-command = There is no command /{ $command }.
help-intro = **tagwire** sends you each new article with the tags you follow, once.
help-admin = Admin commands
help-tags = Tags: one, several separated by commas, or hashtags: `/follow Armenia, Russia` or `/follow #Armenia #CSTO`.

## Search: errors, filters, results

err-query-too-long = That query is too long ({ $length } characters); keep it under { $max }.
err-tag-needs-name = tag: needs a tag name.
err-not-a-date-after = "{ $text }" after { $field }: is not a date.
err-sort-values = sort: takes date or relevance.
err-field-needs-value = { $field }: needs a value right after it, with no space.
err-since-after-until = since: is after until:, so nothing can match.
err-search-what = What should I search for?
err-search-common-words = That query has only common words. Add a word that names the topic.
filter-since = since { $date }
filter-until = until { $date }
err-lang-code = "{ $text }" is not a language code: write its two letters, e.g. ru, hy or en.
filter-language = in language { $language }
article-language = Language: { $language }
filter-without = without { $words }
filter-exact = exact { $phrases }
filter-newest-first = newest first
suggest-try = Try: { $suggestion }
button-previous = ◀ Previous
button-next = Next ▶
latest-no-tag = No article has the tag { $tag } yet.
latest-no-older = No older articles.
latest-empty = The archive is empty so far.
latest-heading = Latest articles
latest-heading-tag = Latest with { $tag }
search-filters = Filters:
search-unknown-tags = No article has the tag { $tags }.
search-try-without = Try the search without it, or see /toptags.
search-no-more = No more results.
search-nothing = Nothing found for { $query }.
search-try-other = Try other words, or fewer of them.
search-heading = Search: { $query }
related-heading = Related to { $id }: { $title }
related-no-more = No more related articles.
related-nothing = Nothing related to { $id } yet.
err-which-article = Which article? Give its id.
err-no-import-id = No article has the import id "{ $id }".
err-not-an-id = "{ $text }" is not an article id. Ids are 6 letters and digits, shown under each article.
err-no-article = No article has the id { $id }. It may have been deleted.

## Admin commands: /post, /delete, /rename, /alias, /stats, /why

preview-no-date = no date given
preview-no-text = (No article text found on the page.)
preview-exists = This page is already in the archive as `{ $id }`.
preview-heading = Preview — nothing is posted yet.
preview-no-tags = The page names no keywords, and an article needs at least one tag. Add them after the address:
preview-heading-post = Preview — nothing is posted yet. Press "Post it" to post and deliver it.
preview-tags = Tags: { $tags }. To choose other tags, send /post URL followed by them.
preview-title = Preview: { $title }
button-post-it = Post it
button-view = View
err-pair-needs-equals = /{ $command } needs two names separated by "=".
err-pair-needs-names = /{ $command } needs a name on each side of "=".
post-how = To post, send one message in this form:
post-how-link = Or give a web page's address (and tags, if the page names none) to see a preview first:
posted = Posted `{ $id }`:{" "}
posted-reach = Tags: { $tags }. It reaches { $count } { $count ->
        [one] subscriber
       *[other] subscribers
    }.
deleted = Deleted `{ $id }`:{" "}
edited = Corrected `{ $id }`:{" "}
edit-changed = Changed: { $fields }.
edit-unchanged = Nothing changed: the article already reads so.
edit-cards = { $cards ->
    [0] No card of it was delivered yet.
    [one] Its { $cards } delivered card is being edited.
   *[other] Its { $cards } delivered cards are being edited.
}
edit-recipients = { $count ->
    [one] It reaches { $count } more subscriber, a follower of a tag it gained.
   *[other] It reaches { $count } more subscribers, followers of the tags it gained.
}
edit-form = Send the fields to change after the id, a blank line, then a new body if it changes. This is the article now:
err-edit-line = "{ $line }" is not a field of /edit: write title:, tags:, url:, image:, source:, date: or lang:, then a blank line and the new body.
deleted-everywhere = { $cards ->
    [0] No delivered card of it to delete.
    [one] Its { $cards } delivered card is being deleted.
   *[other] Its { $cards } delivered cards are being deleted.
}
deleted-too-old = { $count ->
    [one] { $count } card stays: Telegram deletes only messages under 48 hours old.
   *[other] { $count } cards stay: Telegram deletes only messages under 48 hours old.
}
deleted-kept = Cards already delivered stay where they are; next time, /delete ID everywhere deletes them too.
err-no-tag = There is no tag { $tag }.
err-rename-clash = { $tag } is already another tag; use /alias to join spellings.
renamed = Renamed { $from } to { $to }. Followers keep following it.
renamed-kept = Renamed { $from } to { $to }. Followers keep following it. "{ $old }" still means it.
err-merge-same = { $tag } is already that tag: nothing to merge.
err-merge-no-target = There is no tag { $tag } to merge into. To spell a tag another way, use /rename.
merged = Merged { $from } into { $to }: { $follows ->
    [one] { $follows } chat follows it now
   *[other] { $follows } chats follow it now
} ({ $dropped } had both), { $articles ->
    [one] { $articles } article carries it
   *[other] { $articles } articles carry it
} instead ({ $both } had both). "{ $old }" now means { $to }.
err-alias-no-target = There is no tag { $tag } to point to.
alias-already = "{ $alias }" already means { $tag }.
err-alias-is-tag = "{ $alias }" is a tag of its own; an alias must be a new spelling.
alias-added = "{ $alias }" now means { $tag }: following or tagging either is the same.
stats-heading = tagwire statistics
stats-articles = Articles: { $count }
stats-tags = Tags: { $count }
stats-subscribers = Subscribers: { $active } active, { $paused } paused, { $deactivated } deactivated
stats-deliveries = Deliveries: { $sent } sent, { $waiting } waiting, { $held } held for digests, { $deferred } in quiet hours, { $failed } failed, { $skipped } skipped
stats-card-updates = Delivered cards corrected or deleted: { $done } done, { $waiting } waiting, { $failed } failed
stats-top-tags = Top tags: { $tags }
stats-top-tags-none = Top tags: none followed yet
stats-failed-heading = Failed deliveries, by reason
stats-failed-hint = Requeue them with `tagwire deliveries retry`; explain one with `{ $example }`.
err-why-args = Name an article, and optionally the chat (else this one).
why-heading = Why: { $id }
# /why (and `tagwire why`, in English): the verdict, one summary sentence, then the facts. English keeps the
# verdict and the statuses as the tokens the CLI and the JSON show; the other languages give them as words.
why-verdict = { $verdict }
why-status = { $status }
why-row-status = { $status }
why-sent = Sent at { $at } as message { $message }.
why-sent-no-id = Sent at { $at } as message (no id).
why-card-update = The delivered card's { $op ->
    [delete] deletion
   *[edit] edit after a correction
}: { $status ->
    [done] done
    [failed] failed ({ $error })
   *[other] waiting
}.
why-sending = Being sent now (claimed by the worker until { $until }).
why-queued = Queued: next attempt at { $at }.
why-queued-retry = Queued: next attempt at { $at } after { $attempts } failed attempt(s).
why-queued-held = Queued, but held: the chat is { $state }.
why-failed = Failed after { $attempts } attempt(s): { $error }.
why-no-reason = no reason recorded
why-skipped = Not sent: { $reason }.
why-skipped-no-reason = Not sent: skipped.
why-held = Waiting for the chat's digest, due at { $at }.
why-deferred = Waiting for the chat's quiet hours to end at { $at }.
why-unknown-chat = No chat { $chat } has ever used the bot.
why-article = Article { $id } "{ $title }", posted { $at } by { $by }, tags { $tags }.
why-no-tags = (none)
why-chat = Chat { $chat } is { $state }.
why-chat-since = Chat { $chat } is { $state } since { $since }.
why-follows = It follows { $tags }.
why-follows-none = It follows none of the article's tags now.
why-mutes = It mutes { $tags }.
why-follows-search = It follows the search { $searches }, which the article matches.
why-mutes-words = It mutes the words { $words }, which the article contains.
why-quoted = “{ $text }”
why-outbox = Outbox row { $row }: { $status }, { $attempts } attempt(s), last change { $at }.
why-outbox-error = Outbox row { $row }: { $status }, { $attempts } attempt(s), last change { $at }, last error: { $error }.
why-not-delivered = Not delivered: the chat is { $state }.
why-not-delivered-muted = Not delivered: the chat mutes { $tags }.
why-not-delivered-words = Not delivered: the chat mutes the words { $words }.
why-not-matched = Not delivered: the chat follows none of the article's tags, and none of its searches matches it.
why-not-enqueued = No delivery was enqueued for this chat; most likely { $cause ->
        [retention] the article is older than DELIVERY_RETENTION_DAYS ({ $days }), so a sent row may have been pruned
        [import] it was imported without --notify
       *[late] the chat followed the tags after the article was posted
    }.
err-not-a-subscriber = "{ $text }" is not a subscriber. Name one as PLATFORM:CHAT_ID, PLATFORM one of { $platforms }.

## /feed: the feeds polled into the archive

feed-help-intro = Feeds bring articles in on their own:
err-feed-action = "{ $text }" is not something /feed does. It does:
feed-usage-add = poll an RSS, Atom or JSON feed; its entries get TAGS and their own categories
feed-usage-add-auto = also tag entries with every known tag their text names
feed-usage-add-updates = also correct an entry's article, and its delivered cards, when the entry changes
feed-usage-list = every feed and how its polls went
feed-usage-poll = poll one feed, or all, now
feed-usage-remove = stop polling a feed (its articles stay)
err-feed-which-add = Which feed? Give its address, then any tags for its entries.
err-feed-which-url = Which feed? Give its address.
err-feed-not-a-url = "{ $text }" is not a web address; a feed's address starts with http:// or https://.
err-feed-too-many-tags = A feed can have at most { $max } default tags; these are { $count }.
err-feed-which-id = Which feed? Give its number from the feed list.
err-feed-not-an-id = "{ $text }" is not a feed number; the feed list shows them (#1, #2...).
err-feed-exists = Feed #{ $id } already polls that address.
err-opml-too-large = That OPML file is too large: at most { $max } characters.
err-opml-not-opml = That is not an OPML file (an .opml export of a feed reader's subscriptions).
err-opml-no-feeds = That OPML file lists no feed (no outline with an xmlUrl).
err-opml-too-many = That OPML file lists { $count } feeds; one import takes at most { $max }.
err-feed-not-added = Nothing was added. { $error }
err-feed-unreadable = Nothing was added. The feed could not be read.
err-no-feed = There is no feed #{ $id }. The feed list shows them.
feed-added = Added feed `#{ $id }`: { $title }.
feed-added-untitled = Added feed `#{ $id }`.
feed-stored = Its { $count } current { $count ->
        [one] entry is
       *[other] entries are
    } in the archive, without notifying anyone; new entries from now on go to their tags' followers.
feed-default-tags = Every entry gets { $tags }, plus its own categories.
feed-own-categories = Entries get their own categories as tags; entries without any are skipped. Add default tags to catch those.
feed-auto-tag-on = Auto-tagging is on: entries also get every known tag their text names.
feed-updates-on = Updates are on: when an entry's title or text changes, its article is corrected and its delivered cards edited.
feed-skipped = { $count } { $count ->
        [one] entry was
       *[other] entries were
    } skipped: { $reason }
feed-skip-unusable = unusable
button-feed-list = Feed list
feed-none = No feeds yet. Add one:
feed-list-title = Feeds
feed-list-heading = Feeds ({ $count })
feed-list-failing = { $count } keep failing, see the notes.
feed-tags = tags { $tags }
feed-no-tags = no default tags
feed-auto-tag = auto-tag on
feed-updates = updates on
feed-note = Note for admins: { $note }
feed-removed = Removed feed `#{ $id }`: { $title }. Its articles stay in the archive.
feed-poll-none = There are no feeds to poll.
feed-polled = Polled now
feed-never = never
feed-status-new = not polled yet
feed-status-ok = OK, last polled { $at }: { $new } new{ $skipped ->
        [0] {""}
       *[other] , { $skipped } skipped
    }
feed-status-unchanged = OK, last polled { $at }: unchanged
feed-unknown-error = unknown error
feed-status-failing = FAILING ({ $count } in a row), last tried { $at }: { $error } Next try after { $next }.
feed-poll-failed = #{ $id } { $url }: failed. { $error }
feed-poll-unchanged = #{ $id } { $url }: unchanged since the last poll.
feed-poll-result = #{ $id } { $url }: { $parts }.
feed-poll-new = { $count } new
feed-poll-known = { $count } already in the archive
feed-poll-skipped = { $count } skipped ({ $reason })
feed-poll-queued = { $count } { $count ->
        [one] delivery
       *[other] deliveries
    } queued
feed-poll-first = first poll: stored without notifying anyone

## Articles: why /post, the CLI or the HTTP API refuses one (several at once are joined)

err-article-no-title = The title is missing.
err-article-title-too-long = The title is { $length } characters; the most is { $max }.
err-article-title-control = The title contains control characters.
err-article-body-not-text = The body must be text.
err-article-body-too-long = The body is longer than { $max } characters.
err-article-tags-not-list = Tags must be a list.
err-article-tag-not-text = Every tag must be text.
err-article-no-tags = At least one tag is needed.
err-article-too-many-tags = An article can have at most { $max } tags; this one has { $count }.
err-article-not-a-url = "{ $text }" is not a web address; it must start with http:// or https://.
err-article-field-not-text = The { $field ->
        [url] URL
        [image] image URL
        [source] source
       *[id] id
    } must be text.
err-article-field-control = The { $field ->
        [url] URL
        [image] image URL
        [source] source
       *[id] id
    } contains control characters.
err-article-field-too-long = The { $field ->
        [url] URL
        [image] image URL
        [source] source
       *[id] id
    } is longer than { $max } characters.
err-article-not-a-date = "{ $text }" is not a date; use 2024-05-01, 2024-05-01T14:30:00Z or Sat, 02 Mar 2024 10:00:00 GMT.
err-article-date-not-text = The date must be text such as 2024-05-01.
err-article-empty-id = The id is empty: leave "id" out for an article without one, or give its own id (a re-run skips the ids already there).
err-article-two-dates = Give "date" or "publishedAt", not both.
err-post-no-title = The article needs a title on the first line, then its tags.
err-post-no-tags = The article needs at least one tag: a "tags:" line, or hashtags on the last line.

## What the adapters write themselves

reply-done = Done.
reply-failed = That did not work.
inline-nothing = Nothing found. Open the bot
button-open-chat = Open a chat with @{ $bot } to use this button.
button-failed = Something went wrong on our side. Please try again in a moment.
button-sending-private = Sending it to your chat with @{ $bot }.
button-sent-private = Sent to your chat with @{ $bot }.
button-start-chat-first = Start a chat with @{ $bot } first, then press the button again.
channel-not-a-channel = { $ref } is not a channel. For a group, add me to the group and use /follow there.
channel-not-found = I cannot find { $ref }. Add me to the channel as an administrator, then try again.
channel-unnamed = the channel
channel-make-me-admin = Make me an administrator of { $channel } with the right to post messages, then send /connect again.
channel-only-admins = Only administrators of { $channel } can connect it. Nothing was changed.
channel-connected = Connected { $channel }.
channel-connected-follow = Choose what it receives with `/follow { $handle } TAGS`.
channel-connected-tags = See what it follows with `/tags { $handle }`, and every channel you connected with /channels.
channel-disconnect-which = Which channel? For example /disconnect @mychannel (see /channels for the ones you connected).
channel-not-connected = You have not connected { $ref }. See /channels for the ones you did.
channel-disconnected = You no longer manage { $ref } from here. It keeps receiving what it follows; to stop that, remove me from the channel.
channel-none = You have not connected a channel. Add me to your channel as an admin, then send /connect @yourchannel here.
channel-list-heading = Channels you connected:
channel-connect-first = You have not connected { $ref }. Send /connect { $ref } first (you must be one of its administrators).
channel-no-longer-admin = You are no longer an administrator of { $channel }, so you cannot change what it follows or when.
channel-lead = Channel
channel-connect-which = Which channel? Add me to it as an administrator, then send /connect @yourchannel (or forward me one of its posts).
private-only = /{ $command } works in a private chat: open @{ $bot } and send it there.
guided-edit-next = Or send just the lines that change as your next message (title: …, tags: …, then a blank line and a new body). /cancel stops.
guided-ask-title = Let's post an article. Send its title (or /cancel).
guided-ask-tags = Now its tags: separated by commas (Armenia, CSTO) or as hashtags (#Armenia #CSTO).
guided-ask-body = Now the text of the article. You may start it with lines such as "url: https://…", "source: …" or "date: 2024-05-01".
guided-cancelled = Cancelled. Nothing was posted.
guided-nothing-to-cancel = There is nothing to cancel.
guided-empty = That was empty. Try again, or /cancel.

## Discord: slash command options and /channel (Discord has no Armenian locale: see docs/languages.md)

discord-opt-tags = A tag, or several separated by commas
discord-opt-id = The article id (6 letters and digits, shown under each article)
discord-opt-digest-schedule = daily or weekly: one message with the new articles instead of each one; off: each one again
discord-opt-digest-day = For a weekly digest: the day it comes
discord-opt-digest-time = When it comes: 24-hour HH:MM such as 08:00, in the time zone set with timezone
discord-opt-quiet-from = Quiet hours start: 24-hour HH:MM such as 22:00, in the time zone set with timezone
discord-opt-quiet-to = Quiet hours end, e.g. 07:00; articles held meanwhile come then
discord-opt-quiet-off = True: no quiet hours any more (from and to are then ignored)
discord-opt-card-style = headline: the title only; compact: title and summary; full: title and first paragraphs
discord-opt-card-silent = on: cards and digests arrive without a notification; off: with one
discord-opt-zone = An IANA time zone such as Europe/Berlin; type a city to pick one
discord-opt-watch-query = Words that must all occur, "a phrase", -exclude, #tag
discord-opt-latest-tag = Only articles with this tag
discord-opt-search-query = Words, "a phrase", -exclude, #tag, since:2024-01-01, until:2024-12-31
discord-opt-help-command = A command to explain
discord-opt-rename-old = The tag as it is spelled now
discord-opt-rename-new = The new spelling
discord-opt-merge-old = The tag that goes: its followers and articles move
discord-opt-merge-new = The tag that stays
discord-opt-alias = Another spelling
discord-opt-alias-tag = The existing tag it should mean
discord-channel-digest = Post this channel's articles as one digest a day or a week instead of one by one
discord-channel-quiet = Quiet hours for this channel: articles posted then wait until they end
discord-channel-timezone = This channel's time zone, for its digest and quiet hours
discord-channel-card = How this channel's cards look (headline, compact or full) and whether they arrive silently
discord-channel-pause = Pause deliveries to this channel (its follows are kept); /channel resume restarts them
discord-channel-resume = Restart deliveries to this channel after /channel pause
discord-channel = What this channel follows: articles with these tags are posted here
discord-channel-follow = Post articles with these tags in this channel
discord-opt-mention-role = A role to mention when these tags are posted here
discord-opt-target-channel = The channel to set instead of this one: pick a forum here (each article becomes a post)
discord-channel-unfollow = Stop posting articles with these tags in this channel
discord-channel-list = What this channel follows; resumes deliveries paused for missing permissions
discord-opt-language = en (English), ru (Russian) or hy (Armenian); none: show the current one
button-share = Share
card-tags = Tags
discord-command-gone = /{ $command } is no longer one of my commands. Discord may still be updating the list; try /help.
discord-note-follow = I send these articles to you by direct message. To have them posted in a channel, a moderator can use /channel follow.
discord-note-setting = This is for the articles I send you by direct message. For this channel's deliveries, a moderator can use /channel { $command }.
discord-channel-only = /channel works in a server channel: it sets what that channel follows. For yourself, use /follow.
discord-subcommand-gone = There is no /channel { $subcommand } any more. Discord may still be updating the list; try /help.
discord-no-everyone = I will not mention @everyone. Pick a role that the members who care about these tags can join.
discord-role-not-mentionable = Note: the role { $role } is not mentionable, so Discord will only ping it if my role may mention all roles. Turn on "Allow anyone to @mention this role" in the role's settings.
discord-nothing-to-share = There is nothing to share here: run the command in a server channel.
discord-shared-by = Shared by { $user }
discord-tag-followers = { $count ->
        [one] 1 follower
       *[other] { $count } followers
    }
discord-dms-closed = I could not DM you, so your tag deliveries are turned off. To get them again, allow direct messages from members of a server we share (the server menu ▸ Privacy Settings ▸ Direct Messages), then run /start.
discord-missing-access = Deliveries to this channel are paused: Discord says I cannot see this channel. Give tagwire View Channel, Send Messages and Embed Links here (Edit Channel ▸ Permissions; in a thread, also Send Messages in Threads), then run /channel list to resume.
discord-missing-permissions = Deliveries to this channel are paused: Discord says I lack a permission in this channel. Give tagwire View Channel, Send Messages and Embed Links here (Edit Channel ▸ Permissions; in a thread, also Send Messages in Threads), then run /channel list to resume.
discord-forbidden = Deliveries here are paused: Discord refused my messages. Check tagwire's permissions in this channel, then run /channel list to resume.
discord-not-text-channel = Deliveries to this channel are paused: Discord says it takes no messages. If it is a forum now, run /channel follow again with the forum picked in the channel option (each article then becomes a post), then /channel list to resume.
discord-forum-tag-required = Deliveries to this forum are paused: it requires a tag on every post and has none for the tags it follows. Add a forum tag named like a followed tag (or give tagwire Manage Channels to add them itself), then run /channel list to resume.
modal-title = Post an article
modal-field-title = Title
modal-tags-hint = Separated by commas
modal-field-source = Source
modal-field-body = Body
modal-body-hint = The article text; the summary is made from it.
modal-edit-title = Correct { $id }
modal-edit-body-hint = Its cards are edited wherever they were delivered.
modal-edit-body-long = Longer than a form field holds: left empty, the body stays as it is.

## Tags

err-tag-control = A tag cannot contain control characters.
err-tag-empty = A tag cannot be empty.
err-tag-too-long = A tag can be at most { $max } characters long; "{ $start }…" is { $length }.
err-tag-mixed = '{ $word }' mixes { $odd ->
        [Cyrillic] Cyrillic
        [Armenian] Armenian
       *[Latin] Latin
    } letters ({ $letters }) into { $main ->
        [Cyrillic] a Cyrillic
        [Armenian] an Armenian
       *[Latin] a Latin
    } word; type it in one alphabet.
err-tag-mixed-two = '{ $word }' mixes { $odd ->
        [Cyrillic] Cyrillic
        [Armenian] Armenian
       *[Latin] Latin
    } letters ({ $letters }) and { $odd2 ->
        [Cyrillic] Cyrillic
        [Armenian] Armenian
       *[Latin] Latin
    } letters ({ $letters2 }) into { $main ->
        [Cyrillic] a Cyrillic
        [Armenian] an Armenian
       *[Latin] a Latin
    } word; type it in one alphabet.

## Followed searches: errors

err-saved-search-too-long = That search is too long ({ $length } characters); keep it under { $max }.
err-saved-search-filters = A followed search is about articles still to come, so it takes no since:, until:, lang: or sort:.
err-saved-search-which = Which words? Give the words or "phrases" to look for; -word leaves articles with that word out.
err-mute-which = Which words? Put the words or phrases to mute in quotes.
err-saved-search-limit = A chat keeps at most { $max } searches and word mutes together; this one has { $count }. Remove one first (/unwatch QUERY, /unmute "WORDS"); /tags lists them.

## /weblogin: sign-in links to the newsroom (docs/newsroom.md)

cmd-weblogin = A one-time sign-in link to the newsroom web page (admins)
weblogin-heading = Newsroom sign-in
weblogin-link = Your sign-in link to the newsroom, valid for { $minutes } minutes and usable once:
weblogin-keep = Do not share it: whoever opens it first is signed in as you.
weblogin-private = Ask for a sign-in link in a private chat with me: in a group anyone could open it.
weblogin-off = The newsroom is off: the server needs HTTP_PORT set to serve it.
