import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchArticles } from '../../src/app/search.ts';
import { main } from '../../src/cli.ts';
import { UsageError } from '../../src/cli/common.ts';
import { editCommand } from '../../src/cli/write.ts';
import { NotFoundError, UserInputError } from '../../src/domain/errors.ts';
import { parseTagList } from '../../src/domain/tags.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { captureIO, tempWorkspace } from '../helpers/cli.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { correctionRows, postDeliveredArticle } from '../helpers/delivered-article.ts';

/** `tagwire edit`: a correction from the command line, in-process, on both engines. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
  });
  afterEach(async () => {
    await handle.close();
  });

  const edit = async (...args: string[]) => {
    const { io, out, err } = captureIO();
    const code = await editCommand(async () => ({ ...handle, close: async () => {} }), args, io);
    return { code, stdout: out(), stderr: err() };
  };
  const editJson = async (...args: string[]) => {
    const result = await edit(...args, '--json');
    return { ...result, json: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, unknown>) : null };
  };

  async function follower(chatId: string, follows: string) {
    const { subscribers, tags } = handle.deps.stores;
    const sub = await subscribers.upsert({ platform: 'telegram', chatId, kind: 'user' }, 0);
    for (const tag of await tags.ensure(parseTagList(follows), 0))
      await subscribers.setFollow(sub.id, tag.id, 'follow', 0);
    return sub;
  }

  /** An article delivered to the follower of Armenia (chat "a"), its card sent as message m1. */
  async function deliveredArticle() {
    const reader = await follower('a', 'Armenia');
    const other = await follower('c', 'CSTO');
    const posted = await postDeliveredArticle(handle);
    expect(posted.delivered).toBe(1);
    return { id: posted.id, articleId: posted.articleId, reader, other };
  }

  const deliveries = (articleId: number) => correctionRows(handle).deliveries(articleId);
  const cardUpdates = (articleId: number) => correctionRows(handle).cardUpdates(articleId);
  const stored = async (articleId: number) => (await handle.deps.stores.articles.byIds([articleId]))[0];

  it('corrects title, body and tags: the delivered card is queued for an edit, a follower of an added tag gets it', async () => {
    const a = await deliveredArticle();
    const result = await edit(
      a.id,
      '--title',
      'Armenia freezes its CSTO participation',
      '--tags',
      '#Armenia #CSTO',
      '--body',
      'The government confirmed the freeze. Nothing else changed.',
    );
    expect(result).toEqual({
      code: 0,
      stdout: `Edited ${a.id}: Armenia freezes its CSTO participation. Changed: title, body, tags. 1 delivered card will be edited in place; 1 new subscriber (added tags).\n`,
      stderr: '',
    });
    expect(await cardUpdates(a.articleId)).toEqual([{ op: 'edit', status: 'queued', message_id: 'm1' }]);
    // The reader already has the card (edited in place); only the follower of CSTO gets a new delivery.
    expect(await deliveries(a.articleId)).toEqual([
      { subscriber_id: a.reader.id, status: 'sent' },
      { subscriber_id: a.other.id, status: 'queued' },
    ]);
    expect(await stored(a.articleId)).toMatchObject({
      title: 'Armenia freezes its CSTO participation',
      body: 'The government confirmed the freeze. Nothing else changed.',
      summary: expect.stringContaining('The government confirmed the freeze.'),
    });
    const [view] = await handle.deps.stores.articles.views([(await stored(a.articleId))!]);
    expect(view?.tags).toEqual(['Armenia', 'CSTO']);
    const found = await searchArticles(handle.deps.stores, 'participation', { limit: 5, offset: 0 });
    expect(found.results.map((r) => r.article.publicId)).toEqual([a.id]);
    // A field it did not give keeps its value.
    expect(await stored(a.articleId)).toMatchObject({ url: 'https://news.example/armenia', source: 'Wire' });
  });

  it('prints {article, changed, cards, recipients} with --json', async () => {
    const a = await deliveredArticle();
    const { code, json } = await editJson(a.id, '--source', 'Agency');
    expect(code).toBe(0);
    expect(Object.keys(json ?? {})).toEqual(['article', 'changed', 'cards', 'recipients']);
    expect(json).toMatchObject({
      article: {
        id: a.id,
        externalId: 'wire/1',
        title: 'Armenia freezes CSTO',
        source: 'Agency',
        tags: ['Armenia'],
        url: 'https://news.example/armenia',
        publishedAt: '2024-05-01T10:00:00.000Z',
        image: 'https://images.example.com/armenia.jpg',
        lang: 'ru',
      },
      changed: ['source'],
      cards: 1,
      recipients: 0,
    });
    expect(await deliveries(a.articleId)).toHaveLength(1);
  });

  it("clears the optional fields given empty (--url ''), keeps the rest", async () => {
    const a = await deliveredArticle();
    const { json } = await editJson(a.id, '--url', '', '--image', '', '--source', '', '--date', '', '--lang', '');
    expect(json?.changed).toEqual(['url', 'image', 'source', 'publishedAt', 'lang']);
    const row = await stored(a.articleId);
    expect(row).toMatchObject({ url: null, image_url: null, source: null, date_given: 0 });
    // Without a date the posting time counts; without a language it is detected anew.
    expect(Number(row?.published_at)).toBe(Number(row?.created_at));
    expect(row?.language).not.toBe('ru');
    expect(json?.article).toMatchObject({ url: null, image: null, source: null, title: 'Armenia freezes CSTO' });
  });

  it('says nothing changed when the fields given already read so', async () => {
    const a = await deliveredArticle();
    const result = await edit(a.id, '--title', 'Armenia freezes CSTO', '--tags', 'Armenia');
    expect(result.stdout).toBe(
      `Edited ${a.id}: Armenia freezes CSTO. Nothing changed: the article already reads so.\n`,
    );
  });

  it('reads --body-file, and finds the article by its import id with --external', async () => {
    const a = await deliveredArticle();
    const workspace = tempWorkspace();
    try {
      const file = join(workspace.dir, 'body.txt');
      writeFileSync(file, 'A corrected body from a file.\n');
      const { json } = await editJson('wire/1', '--external', '--body-file', file);
      expect(json).toMatchObject({ article: { id: a.id }, changed: ['body'], cards: 1 });
      expect((await stored(a.articleId))?.body).toBe('A corrected body from a file.');
    } finally {
      workspace.remove();
    }
  });

  it('refuses an invalid correction with every problem listed, and changes nothing', async () => {
    const a = await deliveredArticle();
    const attempt = edit(a.id, '--title', ' ', '--tags', '', '--url', 'not a url', '--date', 'Mon Foo 2024');
    await expect(attempt).rejects.toThrow(UserInputError);
    await expect(attempt).rejects.toThrow(
      /The title is missing\. At least one tag is needed\. "not a url" is not a web address.*"Mon Foo 2024" is not a date/su,
    );
    expect(await stored(a.articleId)).toMatchObject({
      title: 'Armenia freezes CSTO',
      url: 'https://news.example/armenia',
    });
    expect(await cardUpdates(a.articleId)).toEqual([]);
  });

  it('refuses a URL another article has (exit 1), and changes nothing', async () => {
    const a = await deliveredArticle();
    const other = await handle.core.postArticle(
      { title: 'Another', tags: ['Misc'], url: 'https://news.example/other' },
      { postedBy: 'test', notify: false },
    );
    const result = await edit(a.id, '--url', 'HTTPS://NEWS.EXAMPLE/other#top');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`This article is already in the archive as ${other.article.publicId} (same URL).\n`);
    expect((await stored(a.articleId))?.url).toBe('https://news.example/armenia');
    expect(await cardUpdates(a.articleId)).toEqual([]);
  });

  it('answers an unknown id or import id with NotFoundError, a malformed id with UserInputError', async () => {
    await deliveredArticle();
    await expect(edit('zzzzzz', '--title', 'x')).rejects.toThrow(NotFoundError);
    await expect(edit('zzzzzz', '--title', 'x')).rejects.toThrow(/No article has the id zzzzzz/);
    await expect(edit('wire-404', '--external', '--title', 'x')).rejects.toThrow(
      /No article has the import id "wire-404"/,
    );
    await expect(edit('not an id!', '--title', 'x')).rejects.toThrow(UserInputError);
  });

  it('refuses wrong usage before opening the database', async () => {
    const { io } = captureIO();
    const never = async (): Promise<CoreHandle> => {
      throw new Error('the database was opened');
    };
    const run = (...args: string[]) => editCommand(never, args, io);
    await expect(run('--title', 'x')).rejects.toThrow(/Give exactly one article id/);
    await expect(run('a', 'b', '--title', 'x')).rejects.toThrow(/Give exactly one article id/);
    await expect(run('k3x9pq')).rejects.toThrow(UsageError);
    await expect(run('k3x9pq', '--json')).rejects.toThrow(
      'Give at least one field to change: --title, --tags, --url, --image, --source, --date, --lang, --body or --body-file.',
    );
    await expect(run('k3x9pq', '--body', 'x', '--body-file', 'f.txt')).rejects.toThrow(
      'Give --body or --body-file, not both.',
    );
    await expect(run('k3x9pq', '--body-file', '/nonexistent/body.txt')).rejects.toThrow(/no such file/);
    await expect(run('k3x9pq', '--id', 'new')).rejects.toThrow(UsageError);
  });
});

describe('tagwire edit through main', () => {
  it('is listed in tagwire --help, has its own --help, and exits 0, 1 and 2 as the other commands', async () => {
    const help = captureIO();
    expect(await main(['--help'], [], help.io)).toBe(0);
    expect(help.out()).toMatch(/^ {2}edit ID +correct an article/mu);
    const own = captureIO();
    expect(await main(['edit', '--help'], [], own.io)).toBe(0);
    expect(own.out()).toContain('Usage: tagwire edit ID [--external]');

    const workspace = tempWorkspace();
    try {
      const env = { DATABASE_URL: workspace.dbUrl, LOG_LEVEL: 'warn' };
      const posted = captureIO(env);
      expect(await main(['post', '--title', 'Original', '--tags', 'a', '--json'], [], posted.io)).toBe(0);
      const id = String((JSON.parse(posted.out()) as { id: string }).id);

      const ok = captureIO(env);
      expect(await main(['edit', id, '--title', 'Corrected'], [], ok.io)).toBe(0);
      expect(ok.out()).toBe(`Edited ${id}: Corrected. Changed: title. No card of it was delivered yet.\n`);

      const missing = captureIO(env);
      expect(await main(['edit', 'zzzzzz', '--title', 'x'], [], missing.io)).toBe(1);
      expect(missing.err()).toMatch(/No article has the id zzzzzz/);

      const invalid = captureIO(env);
      expect(await main(['edit', id, '--title', ''], [], invalid.io)).toBe(2);
      expect(invalid.err()).toMatch(/The title is missing/);

      const usage = captureIO(env);
      expect(await main(['edit', id], [], usage.io)).toBe(2);
      expect(usage.err()).toMatch(/Give at least one field to change[\s\S]*Usage: tagwire edit/);
    } finally {
      workspace.remove();
    }
  });
});
