import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { postJson, startTestHttp } from './helpers.ts';

/** POST /api/articles on the input problems of issue 15, read as `tagwire import` reads a line. */
describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let http: Awaited<ReturnType<typeof startTestHttp>>;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    http = await startTestHttp(handle);
  });
  afterEach(async () => {
    await http.close();
    await handle.close();
  });
  const api = () => http.url('/api/articles');
  const tagsOf = (answer: { body: Record<string, unknown> }) => (answer.body.article as { tags: string[] }).tags;

  it('reads tags as /follow does (defect 5)', async () => {
    expect(tagsOf(await postJson(api(), { title: 'a', tags: ['#Armenia #CSTO'] }))).toEqual(['Armenia', 'CSTO']);
    expect(tagsOf(await postJson(api(), { title: 'b', tags: 'Armenia, Nagorno Karabakh' }))).toEqual([
      'Armenia',
      'Nagorno Karabakh',
    ]);
  });

  it('takes an "image" for the cards and answers with it; refuses one that is not a web address', async () => {
    const answer = await postJson(api(), { title: 'Pictured', tags: ['a'], image: 'https://images.example.com/p.jpg' });
    expect(answer.status).toBe(201);
    expect((answer.body.article as { image: string }).image).toBe('https://images.example.com/p.jpg');
    const bad = await postJson(api(), { title: 'Not pictured', tags: ['a'], image: 'data:image/png;base64,AAAA' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_article' } });
    expect(bad.body.message).toMatch(/not a web address/);
    expect(await handle.deps.stores.articles.count()).toBe(1);
  });

  it('refuses an empty or blank id (defect 6)', async () => {
    for (const id of ['', '  ']) {
      const answer = await postJson(api(), { id, title: 'x', tags: ['a'] });
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_article' } });
      expect(answer.body.message).toMatch(/The id is empty/);
    }
    expect(await handle.deps.stores.articles.count()).toBe(0);
  });

  it('ignores a UTF-8 byte-order mark before the JSON (defect 7)', async () => {
    const answer = await postJson(api(), `\uFEFF${JSON.stringify({ title: 'After a BOM', tags: ['a'] })}`);
    expect(answer.status).toBe(201);
  });

  it('refuses impossible and unreadable dates (defect 8)', async () => {
    for (const date of ['Mon Foo 2024', 'Sat, 31 Feb 2024']) {
      const answer = await postJson(api(), { title: 'x', tags: ['a'], date });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/is not a date/);
    }
    const ok = await postJson(api(), { title: 'x', tags: ['a'], publishedAt: 'Sat, 02 Mar 2024 10:00:00 GMT' });
    expect((ok.body.article as { publishedAt: string }).publishedAt).toBe('2024-03-02T10:00:00.000Z');
  });

  it('normalises the URL before the duplicate check and storing (defect 9)', async () => {
    const first = await postJson(api(), { title: 'x', tags: ['a'], url: 'HTTPS://EXAMPLE.COM/a b' });
    expect((first.body.article as { url: string }).url).toBe('https://example.com/a%20b');
    const again = await postJson(api(), { title: 'y', tags: ['a'], url: 'https://example.com/a%20b#frag' });
    expect(again.body).toMatchObject({ created: false, duplicateOf: 'url' });
    const ftp = await postJson(api(), { title: 'z', tags: ['a'], url: 'ftp://example.com/a' });
    expect(ftp.status).toBe(400);
  });

  it('warns about unknown fields in a warnings array instead of refusing them (defect 13)', async () => {
    const plain = await postJson(api(), { title: 'Plain', tags: ['a'] });
    expect(plain.body.warnings).toEqual([]);
    const typo = await postJson(api(), { title: 'Typo', tags: ['a'], tittle: 'x', topics: ['b'] });
    expect(typo.status).toBe(201);
    expect(typo.body.warnings).toEqual([
      'Unknown fields "tittle", "topics" ignored; the fields are id, title, body, url, tags, date, publishedAt, source, lang, image, autoTag, notify.',
    ]);
    const bad = await postJson(api(), { title: '', tags: ['a'], tittle: 'Typo' });
    expect(bad.status).toBe(400);
    expect(bad.body.warnings).toEqual([expect.stringMatching(/^Unknown field "tittle" ignored/)]);
  });
});
