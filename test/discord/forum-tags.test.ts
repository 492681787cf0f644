import { describe, expect, it } from 'vitest';
import {
  availableTagsOf,
  chooseForumTags,
  FORUM_LIMITS,
  forumPostBody,
  withMissingTags,
  type ForumTag,
} from '../../adapters/discord/forum.ts';

/** Which forum tags a post gets, matched as tagwire matches tags; the post's body. */
describe('forum posts', () => {
  const forum: ForumTag[] = [
    { id: '1', name: 'armenia' },
    { id: '2', name: 'Россия' },
    { id: '3', name: 'Breaking', moderated: true },
    { id: '4', name: 'CSTO' },
  ];

  it('applies the forum tags of the followed tags first, then the others, matched without case or #', () => {
    expect(chooseForumTags(forum, ['#CSTO'], ['Armenia', 'CSTO', 'РОССИЯ'])).toEqual({
      applied: ['4', '1', '2'],
      missing: [],
    });
  });

  it('leaves moderated tags to the moderators, and names the followed tags the forum lacks', () => {
    expect(chooseForumTags(forum, ['Breaking', 'Azerbaijan', 'azerbaijan', 'A tag name far too long'], [])).toEqual({
      applied: [],
      missing: ['Azerbaijan'],
    });
  });

  it('applies at most five tags to a post', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ id: String(i), name: `t${i}` }));
    const choice = chooseForumTags(
      many,
      many.map((t) => t.name),
      [],
    );
    expect(choice.applied).toHaveLength(FORUM_LIMITS.tagsPerPost);
  });

  it('adds missing tags only while the forum has room for them', () => {
    expect(withMissingTags(forum, ['Azerbaijan'])?.map((t) => t.name)).toEqual([
      'armenia',
      'Россия',
      'Breaking',
      'CSTO',
      'Azerbaijan',
    ]);
    const full = Array.from({ length: 19 }, (_, i) => ({ id: String(i), name: `t${i}` }));
    expect(
      withMissingTags(full, ['a', 'b'])
        ?.map((t) => t.name)
        .slice(-1),
    ).toEqual(['a']);
    expect(withMissingTags([...full, { id: 'x', name: 'x' }], ['a'])).toBeNull();
    expect(withMissingTags(forum, [])).toBeNull();
  });

  it('names the post by the title, plain and within 100 characters, and drops the nonce', () => {
    const body = forumPostBody(
      `  Armenia\\n   ${'x'.repeat(200)}`,
      { embeds: [{ title: 't' }], nonce: 'tagwire-1', enforce_nonce: true, flags: 4096 },
      ['1'],
    );
    expect(body.name.length).toBeLessThanOrEqual(100);
    expect(body.name.startsWith('Armenia\\n x')).toBe(true);
    expect(body.applied_tags).toEqual(['1']);
    expect(body.message).toEqual({ embeds: [{ title: 't' }], flags: 4096 });
    expect(forumPostBody('   ', { content: 'x' }, []).name).toBe('…');
  });

  it('reads the tags of a channel object, ignoring what is not a tag', () => {
    expect(availableTagsOf({ available_tags: [{ id: '1', name: 'a' }, { name: 'no id' }, 7] })).toEqual([
      { id: '1', name: 'a' },
    ]);
    expect(availableTagsOf({ id: '5' })).toEqual([]);
    expect(availableTagsOf(null)).toEqual([]);
  });
});
