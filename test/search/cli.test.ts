import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/common.ts';
import { relatedCommand, searchCommand } from '../../src/cli/query.ts';
import type { CoreHandle } from '../../src/runtime.ts';
import { DIALECTS, openDialectCore } from '../helpers/dialects.ts';
import { postAll } from './fixtures.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  let handle: CoreHandle;
  let ids: Map<string, string>;
  beforeEach(async () => {
    handle = await openDialectCore(dialect);
    ids = await postAll(handle, [
      {
        id: 'r1',
        title: 'OPEC agrees to cut oil output',
        body: 'OPEC ministers agreed to cut crude oil output to support prices.',
        tags: ['crude', 'opec'],
      },
      {
        id: 'r2',
        title: 'Oil prices rise after OPEC deal',
        body: 'Crude oil prices rose sharply after the OPEC output agreement.',
        tags: ['crude'],
      },
      {
        id: 'r3',
        title: 'Wheat harvest forecast raised',
        body: 'The wheat harvest forecast was raised.',
        tags: ['grain'],
      },
    ]);
  });
  afterEach(async () => {
    await handle.close();
  });

  /** Runs a CLI command against the test core (kept open) and returns what it printed. */
  async function cli(command: typeof searchCommand, args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        stdout += chunk.toString();
        done();
      },
    });
    const io: CliIO = { stdout: sink, stderr: sink, stdin: process.stdin, env: {} };
    const code = await command(async () => ({ ...handle, close: async () => {} }), args, io);
    return { code, stdout };
  }

  describe('tagwire search --json', () => {
    it('prints the query, its filters, and ranked results with snippets and highlights', async () => {
      const { code, stdout } = await cli(searchCommand, ['oil', 'prices', '#crude', '--json', '--limit', '5']);
      expect(code).toBe(0);
      const body = JSON.parse(stdout) as Record<string, unknown> & { results: Record<string, unknown>[] };
      expect(Object.keys(body)).toEqual(['query', 'filters', 'unknownTags', 'results', 'hasMore', 'suggestions']);
      expect(body).toMatchObject({
        query: 'oil prices',
        filters: ['#crude'],
        unknownTags: [],
        hasMore: false,
        suggestions: [],
      });
      expect(body.results.map((r) => r.externalId)).toEqual(['r2', 'r1']);
      expect(Object.keys(body.results[0] ?? {})).toEqual([
        'id',
        'externalId',
        'title',
        'url',
        'tags',
        'publishedAt',
        'source',
        'lang',
        'image',
        'summary',
        'score',
        'snippet',
        'highlights',
      ]);
      expect(body.results[0]).toMatchObject({ id: ids.get('r2'), tags: ['crude'], highlights: ['oil', 'prices'] });
      expect(body.results[0]?.snippet).toBe('Crude oil prices rose sharply after the OPEC output agreement.');
      expect(typeof body.results[0]?.score).toBe('number');
    });

    it('lists suggestions when nothing is found', async () => {
      const { stdout } = await cli(searchCommand, ['wheat', '#crud', '--json']);
      const body = JSON.parse(stdout) as { unknownTags: string[]; suggestions: { label: string; query: string }[] };
      expect(body.unknownTags).toEqual(['crud']);
      expect(body.suggestions).toEqual([{ label: 'Without #crud', query: 'wheat' }]);
    });
  });

  describe('tagwire related --json', () => {
    it('prints the article and its related articles, never itself', async () => {
      const { stdout } = await cli(relatedCommand, [ids.get('r1') ?? '', '--json']);
      const body = JSON.parse(stdout) as {
        article: { externalId: string };
        results: { externalId: string; score: number }[];
      };
      expect(body.article.externalId).toBe('r1');
      expect(body.results.map((r) => r.externalId)).toEqual(['r2']);
      expect(body.results[0]?.score).toBeGreaterThan(0);
    });
  });
});
