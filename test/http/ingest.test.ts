import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postArticle } from '../../src/app/articles.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { telegramUser } from '../helpers/reply.ts';
import { postJson, startTestHttp, TOKEN } from './helpers.ts';

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

  const api = () => http.url('/api/articles');
  const queued = async () => (await handle.deps.stores.outbox.countByStatus()).queued;
  const ARTICLE = {
    id: 'wire-1',
    title: 'Armenia and Azerbaijan agree on a border section',
    body: 'The two governments agreed on a section of the border.',
    url: 'https://wire.example/1',
    tags: ['Armenia', 'Azerbaijan'],
    date: '2024-05-01T10:00:00Z',
    source: 'Wire',
  };

  describe('POST /api/articles', () => {
    it('creates the article (201) and fans it out', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const answer = await postJson(api(), ARTICLE);
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        created: true,
        recipients: 1,
        article: {
          externalId: 'wire-1',
          title: ARTICLE.title,
          url: ARTICLE.url,
          tags: ['Armenia', 'Azerbaijan'],
          publishedAt: '2024-05-01T10:00:00.000Z',
          source: 'Wire',
          autoTags: [],
        },
      });
      expect((answer.body.article as { id: string }).id).toMatch(/^\w{6}$/);
      expect(await queued()).toBe(1);
      const row = await handle.deps.stores.articles.byExternalId('wire-1');
      expect(row?.posted_by).toBe('api');
    });

    it('is idempotent on id and on url: 200 with the existing article, no second delivery', async () => {
      await handle.core.handleCommand(telegramUser('5'), '/follow Armenia');
      const first = await postJson(api(), ARTICLE);
      const byId = await postJson(api(), { ...ARTICLE, url: 'https://wire.example/other', title: 'Changed' });
      expect(byId.status).toBe(200);
      expect(byId.body).toMatchObject({
        created: false,
        duplicateOf: 'id',
        recipients: 0,
        article: { id: (first.body.article as { id: string }).id, title: ARTICLE.title },
      });
      const byUrl = await postJson(api(), { ...ARTICLE, id: 'wire-2' });
      expect(byUrl.body).toMatchObject({ created: false, duplicateOf: 'url' });
      const noId = await postJson(api(), { title: 'Same link', tags: ['Armenia'], url: ARTICLE.url });
      expect(noId.status).toBe(200);
      expect(await handle.deps.stores.articles.count()).toBe(1);
      expect(await queued()).toBe(1);
    });

    it('auto-tags when asked, and can archive without delivering', async () => {
      await postArticle(handle.deps, { title: 'Seed', tags: ['CSTO'] }, { postedBy: 'test', notify: false });
      await handle.core.handleCommand(telegramUser('5'), '/follow CSTO');
      const answer = await postJson(api(), {
        title: 'Armenia leaves the CSTO?',
        tags: ['Armenia'],
        autoTag: true,
        notify: false,
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ recipients: 0, article: { tags: ['Armenia', 'CSTO'], autoTags: ['CSTO'] } });
      expect(await queued()).toBe(0);
      const plain = await postJson(api(), { title: 'The CSTO meets', tags: ['Armenia'] });
      expect(plain.body).toMatchObject({ article: { tags: ['Armenia'], autoTags: [] }, recipients: 0 });
    });

    it('answers 400 with every validation problem', async () => {
      const bad = await postJson(api(), { title: '', tags: [], url: 'ftp://x', date: 'someday' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('invalid_article');
      for (const problem of [
        'The title is missing.',
        'At least one tag is needed.',
        'is not a web address',
        'is not a date',
      ])
        expect(bad.body.message).toContain(problem);
      expect((await postJson(api(), { title: 'x', tags: ['a'], notify: 'yes' })).body.message).toBe(
        '"notify" must be true or false.',
      );
      expect((await postJson(api(), [1, 2])).body.message).toMatch(/must be a JSON object/);
      const broken = await postJson(api(), '{"title": ');
      expect(broken).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
      expect(await handle.deps.stores.articles.count()).toBe(0);
    });

    it('answers 401 without a token and 403 with a wrong one, before reading the article', async () => {
      const none = await postJson(api(), ARTICLE, { authorization: '' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tagwire"');
      expect((await postJson(api(), ARTICLE, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
      const wrong = await postJson(api(), ARTICLE, { authorization: `Bearer ${TOKEN}x` });
      expect(wrong).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect((await postJson(api(), 'not even json', { authorization: 'Bearer short' })).status).toBe(403);
      expect(await handle.deps.stores.articles.count()).toBe(0);
    });

    it('answers 413 over the size cap, 415 for other content types, 404 and 405 elsewhere', async () => {
      const huge = await postJson(api(), { ...ARTICLE, body: 'x'.repeat(5000) });
      expect(huge).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
      // Streamed in chunks, with no Content-Length to refuse up front.
      const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          api(),
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${TOKEN}`,
              'content-type': 'application/json',
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => {
              body += d.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 10; i++) req.write(`${'y'.repeat(1000)}`);
        req.end();
      });
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body)).toMatchObject({ error: 'payload_too_large' });

      const form = await postJson(api(), 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
      const charset = await postJson(api(), ARTICLE, { 'content-type': 'application/json; charset=utf-8' });
      expect(charset.status).toBe(201);

      const get = await fetch(api());
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect((await fetch(http.url('/nope'))).status).toBe(404);
      expect(await handle.deps.stores.articles.count()).toBe(1);
    });

    it('answers 503 when no ingest token is configured', async () => {
      const open = await startTestHttp(handle, { ingestToken: undefined });
      try {
        const answer = await postJson(`http://127.0.0.1:${open.port}/api/articles`, ARTICLE);
        expect(answer).toMatchObject({ status: 503, body: { error: 'ingest_disabled' } });
      } finally {
        await open.close();
      }
    });
  });
});
