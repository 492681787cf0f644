import { connect } from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHandle } from '../../src/runtime.ts';
import { openTestCore, waitFor } from '../helpers/core.ts';
import { startTestHttp, TOKEN } from './helpers.ts';

/** Issue 15, defect 14: a client that hangs up mid-upload is not our error. */
describe('a client that disconnects mid-upload', () => {
  let handle: CoreHandle;
  let http: Awaited<ReturnType<typeof startTestHttp>>;
  let entries: Record<string, unknown>[];

  beforeEach(async () => {
    handle = await openTestCore();
    entries = [];
    const logger = pino(
      { level: 'trace', base: undefined },
      { write: (line: string) => void entries.push(JSON.parse(line) as Record<string, unknown>) },
    );
    http = await startTestHttp({ ...handle, deps: { ...handle.deps, logger } });
  });
  afterEach(async () => {
    await http.close();
    await handle.close();
  });

  it('is logged as a client abort at info level, on one line, without a stack', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(http.port, '127.0.0.1', () => {
        socket.write(
          [
            'POST /api/articles HTTP/1.1',
            'Host: 127.0.0.1',
            `Authorization: Bearer ${TOKEN}`,
            'Content-Type: application/json',
            'Content-Length: 1000',
            '',
            '{"title": "cut short',
          ].join('\r\n'),
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on('error', reject);
    });
    await waitFor(() => entries.some((e) => /abort|failed/iu.test(String(e.msg))), 'a log line about the request');
    const aborts = entries.filter((e) => /abort/iu.test(String(e.msg)));
    expect(aborts).toHaveLength(1);
    const [entry] = aborts;
    expect(entry?.level).toBeLessThanOrEqual(30);
    expect(entry?.err).toBeUndefined();
    expect(JSON.stringify(entry)).not.toMatch(/stack|\\n\s+at /u);
    expect(entry).toMatchObject({ method: 'POST', url: '/api/articles' });
    expect(entries.filter((e) => Number(e.level) >= 50)).toEqual([]);
    expect(await handle.deps.stores.articles.count()).toBe(0);
  });
});
