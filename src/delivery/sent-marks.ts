import type { OutboxStore } from '../storage/outbox-store.ts';

/**
 * Group commit for "sent" marks. Each lane awaits its own mark before it takes another
 * row, so at most one sent-but-unmarked row per lane exists at any moment: the crash
 * duplicate bound stays DELIVERY_CONCURRENCY. Marks that arrive while a commit is being
 * written go together in the next one, so a busy worker commits once per few sends
 * instead of once per send (each SQLite commit writes every page it touched to the WAL).
 */
export class SentMarks {
  private pending: { id: number; messageId: string; done: () => void; failed: (err: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly now: () => number,
  ) {}

  /** Resolves once the mark is committed. */
  mark(id: number, messageId: string): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.pending.push({ id, messageId, done, failed });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      // Let the lanes whose sends are returning right now join this commit.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = this.pending;
      this.pending = [];
      try {
        await this.outbox.markSentMany(batch, this.now());
        for (const m of batch) m.done();
      } catch (err) {
        for (const m of batch) m.failed(err);
      }
    }
    this.flushing = null;
  }
}
