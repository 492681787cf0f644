import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchArticles } from '../../src/app/search.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { correctionRows, postDeliveredArticle } from '../helpers/delivered-article.ts';
import { consoleCtx, telegramUser } from '../helpers/reply.ts';
import { sendJson, startTestHttp } from './helpers.ts';

const FIELDS = 'title, body, url, tags, date, publishedAt, source, lang, image';

const patchJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  sendJson('PATCH', url, body, headers);

/** PATCH /api/articles/ID: corrections through the ingest API, on both engines. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let http: Awaited<ReturnType<typeof startTestHttp>>;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    http = await startTestHttp(handle, { maxBodyBytes: 4096 });
  });
  afterEach(async () => {
    await http.close();
    await handle.close();
  });

  /** An article delivered to the console's follower of Armenia, its card sent as message m1; telegram:7 follows CSTO. */
  async function deliveredArticle() {
    await handle.core.handleCommand(consoleCtx, '/follow Armenia');
    await handle.core.handleCommand(telegramUser('7'), '/follow CSTO');
    const posted = await postDeliveredArticle(handle);
    expect(posted.delivered).toBe(1);
    const reader = await handle.deps.stores.subscribers.find('console', 'local');
    const other = await handle.deps.stores.subscribers.find('telegram', '7');
    return { id: posted.id, articleId: posted.articleId, readerId: reader!.id, otherId: other!.id };
  }

  const api = (id: string) => http.url(`/api/articles/${id}`);
  const deliveries = (articleId: number) => correctionRows(handle).deliveries(articleId);
  const cardUpdates = (articleId: number) => correctionRows(handle).cardUpdates(articleId);
  const stored = async (articleId: number) => (await handle.deps.stores.articles.byIds([articleId]))[0];

  it('corrects the article (200): the delivered card is queued for an edit, a follower of an added tag gets it', async () => {
    const a = await deliveredArticle();
    const answer = await patchJson(api(a.id), {
      title: 'Armenia freezes its CSTO participation',
      tags: ['#Armenia #CSTO'],
      body: 'The government confirmed the freeze. Nothing else changed.',
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['article', 'changed', 'cards', 'recipients', 'warnings']);
    expect(answer.body).toMatchObject({
      article: {
        id: a.id,
        externalId: 'wire/1',
        title: 'Armenia freezes its CSTO participation',
        tags: ['Armenia', 'CSTO'],
        url: 'https://news.example/armenia',
        source: 'Wire',
        publishedAt: '2024-05-01T10:00:00.000Z',
        summary: expect.stringContaining('The government confirmed the freeze.'),
      },
      changed: ['title', 'body', 'tags'],
      cards: 1,
      recipients: 1,
      warnings: [],
    });
    expect(await cardUpdates(a.articleId)).toEqual([{ op: 'edit', status: 'queued', message_id: 'm1' }]);
    expect(await deliveries(a.articleId)).toEqual([
      { subscriber_id: a.readerId, status: 'sent' },
      { subscriber_id: a.otherId, status: 'queued' },
    ]);
    expect(await stored(a.articleId)).toMatchObject({
      title: 'Armenia freezes its CSTO participation',
      summary: expect.stringContaining('The government confirmed the freeze.'),
    });
    const found = await searchArticles(handle.deps.stores, 'participation', { limit: 5, offset: 0 });
    expect(found.results.map((r) => r.article.publicId)).toEqual([a.id]);
  });

  it('clears optional fields given null or "", and keeps those left out', async () => {
    const a = await deliveredArticle();
    const answer = await patchJson(api(a.id), { url: null, image: '', source: null, date: null, lang: '' });
    expect(answer.status).toBe(200);
    expect(answer.body.changed).toEqual(['url', 'image', 'source', 'publishedAt', 'lang']);
    expect(answer.body.article).toMatchObject({ url: null, image: null, source: null, title: 'Armenia freezes CSTO' });
    const row = await stored(a.articleId);
    expect(row).toMatchObject({ url: null, image_url: null, source: null, date_given: 0 });
    expect(Number(row?.published_at)).toBe(Number(row?.created_at));
    expect(row?.language).not.toBe('ru');
    // "publishedAt" is another name for "date".
    const dated = await patchJson(api(a.id), { publishedAt: 'Sat, 02 Mar 2024 10:00:00 GMT' });
    expect(dated.body).toMatchObject({
      changed: ['publishedAt'],
      article: { publishedAt: '2024-03-02T10:00:00.000Z' },
    });
  });

  it('finds the article by its import id with ?external=1 (percent-encoded in the path)', async () => {
    const a = await deliveredArticle();
    const answer = await patchJson(http.url('/api/articles/wire%2F1?external=1'), { source: 'Agency' });
    expect(answer).toMatchObject({
      status: 200,
      body: { article: { id: a.id, source: 'Agency' }, changed: ['source'] },
    });
    const missing = await patchJson(http.url('/api/articles/wire-2?external=1'), { source: 'Agency' });
    expect(missing).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(missing.body.message).toBe('No article has the import id "wire-2".');
    const bad = await patchJson(http.url(`/api/articles/${a.id}?external=maybe`), { source: 'Agency' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_parameter' } });
  });

  it('refuses an invalid correction (400) with every problem listed, and changes nothing', async () => {
    const a = await deliveredArticle();
    const answer = await patchJson(api(a.id), { title: ' ', tags: [], url: 'ftp://x', date: 'Mon Foo 2024' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_article',
      message:
        'The title is missing. At least one tag is needed. "ftp://x" is not a web address; it must start with http:// or https://. ' +
        '"Mon Foo 2024" is not a date; use 2024-05-01, 2024-05-01T14:30:00Z or Sat, 02 Mar 2024 10:00:00 GMT.',
      warnings: [],
    });
    expect(await stored(a.articleId)).toMatchObject({
      title: 'Armenia freezes CSTO',
      url: 'https://news.example/armenia',
    });
    expect(await cardUpdates(a.articleId)).toEqual([]);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    await deliveredArticle();
    const unknown = await patchJson(api('zzzzzz'), { title: 'x' });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(unknown.body.message).toMatch(/No article has the id zzzzzz/);
    const malformed = await patchJson(api('not-an-id'), { title: 'x' });
    expect(malformed).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(malformed.body.message).toMatch(/is not an article id/);
  });

  it('answers 409 for a URL another article has, and changes nothing', async () => {
    const a = await deliveredArticle();
    const other = await handle.core.postArticle(
      { title: 'Another', tags: ['Misc'], url: 'https://news.example/other' },
      { postedBy: 'test', notify: false },
    );
    const answer = await patchJson(api(a.id), { url: 'HTTPS://NEWS.EXAMPLE/other#top' });
    expect(answer).toEqual({
      status: 409,
      headers: expect.anything(),
      body: {
        error: 'duplicate_url',
        message: `This article is already in the archive as ${other.article.publicId} (same URL).`,
        existingId: other.article.publicId,
        warnings: [],
      },
    });
    expect((await stored(a.articleId))?.url).toBe('https://news.example/armenia');
    expect(await cardUpdates(a.articleId)).toEqual([]);
  });

  it('ignores unknown fields and names them in warnings; refuses an id, no field, or two dates', async () => {
    const a = await deliveredArticle();
    const typo = await patchJson(api(a.id), { source: 'Agency', tittle: 'x', notify: false });
    expect(typo.status).toBe(200);
    expect(typo.body.warnings).toEqual([`Unknown fields "tittle", "notify" ignored; the fields are ${FIELDS}.`]);

    const id = await patchJson(api(a.id), { id: 'wire-2', title: 'x' });
    expect(id).toMatchObject({ status: 400, body: { error: 'invalid_article', warnings: [] } });
    expect(id.body.message).toMatch(/import id \("id"\) never changes/);

    const empty = await patchJson(api(a.id), {});
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({
      error: 'invalid_article',
      message: `Nothing to change: give at least one of the fields ${FIELDS}.`,
      warnings: [],
    });
    const onlyUnknown = await patchJson(api(a.id), { tittle: 'x' });
    expect(onlyUnknown).toMatchObject({
      status: 400,
      body: { error: 'invalid_article', warnings: [expect.stringMatching(/^Unknown field "tittle" ignored/)] },
    });
    const twoDates = await patchJson(api(a.id), { date: '2024-05-01', publishedAt: '2024-05-02' });
    expect(twoDates).toMatchObject({ status: 400, body: { error: 'invalid_article' } });
    expect(twoDates.body.message).toBe('Give "date" or "publishedAt", not both.');
    const array = await patchJson(api(a.id), [{ title: 'x' }]);
    expect(array).toMatchObject({ status: 400, body: { error: 'invalid_article' } });
    expect((await stored(a.articleId))?.title).toBe('Armenia freezes CSTO');
  });

  it('reads the body as POST does: a byte-order mark ignored, the same size limit and content type', async () => {
    const a = await deliveredArticle();
    const bom = await patchJson(api(a.id), `\uFEFF${JSON.stringify({ title: 'After a BOM' })}`);
    expect(bom).toMatchObject({ status: 200, body: { changed: ['title'] } });
    const large = await patchJson(api(a.id), { body: 'x'.repeat(5000) });
    expect(large).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    const text = await patchJson(api(a.id), '{"title": "x"}', { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    const broken = await patchJson(api(a.id), '{"title":');
    expect(broken).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
  });

  it('needs the ingest token (401 without, 403 wrong) and PATCH (405)', async () => {
    const a = await deliveredArticle();
    const anonymous = await patchJson(api(a.id), { title: 'x' }, { authorization: '' });
    expect(anonymous).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const wrong = await patchJson(api(a.id), { title: 'x' }, { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const get = await fetch(api(a.id));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('PATCH');
    expect((await stored(a.articleId))?.title).toBe('Armenia freezes CSTO');
  });
});
