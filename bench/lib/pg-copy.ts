/**
 * PostgreSQL's COPY … FROM STDIN over a `pg` client, without a dependency: a query
 * object that answers the server's CopyInResponse with the data (what pg-copy-streams
 * does, for one buffer). For the benchmarks' raw engine figure and archive loads.
 */
import type pg from 'pg';

/** One COPY text-format field: backslash escapes, \N for null. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/gu, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The rows as COPY text: tab-separated fields, a row a line. */
export function copyText(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(copyField).join('\t')).join('\n') + (rows.length > 0 ? '\n' : '');
}

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Runs `COPY table (columns) FROM STDIN` with `text`; resolves with the rows copied. */
export function copyIn(client: pg.PoolClient | pg.Client, statement: string, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed: Error | null = null;
    const query = {
      submit(connection: Connection) {
        connection.query(statement);
      },
      handleCopyInResponse(connection: Connection) {
        const data = Buffer.from(text);
        for (let at = 0; at < data.length; at += 1 << 20)
          connection.sendCopyFromChunk(data.subarray(at, at + (1 << 20)));
        connection.endCopyFrom();
      },
      handleCommandComplete(message: { text: string }) {
        rows = Number(/\d+$/u.exec(message.text)?.[0] ?? 0);
      },
      handleError(err: Error) {
        failed = err;
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(rows);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): void }).query(query);
  });
}
