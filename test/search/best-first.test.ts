import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/lib/synthetic.ts';
import { bestFirst, type Candidate } from '../../src/app/search/candidates.ts';

const candidate = (id: number): Candidate => ({ id, present: 0, inTitle: 0, phrase: false, verified: true });

describe("stage 1's order (bestFirst)", () => {
  it('puts first the candidates a full sort puts first, in the same order', () => {
    const random = seededRandom(3);
    let cut = 0;
    for (let round = 0; round < 300; round++) {
      // Few distinct values (stage 1 adds up a handful of idfs): ties at the cut are common.
      const levels = Array.from({ length: 1 + Math.floor(random() * 6) }, () => random() * 10);
      const pool = Array.from({ length: Math.floor(random() * 400) }, (_, i) => candidate(i * 7 + 1));
      const values = new Map(pool.map((c) => [c.id, levels[Math.floor(random() * levels.length)] ?? 0]));
      const value = (c: Candidate) => values.get(c.id) ?? 0;
      const reach = 1 + Math.floor(random() * 120);
      const full = [...pool].sort((a, b) => value(b) - value(a) || b.id - a.id);
      const ordered = bestFirst(pool, value, reach);
      expect(ordered.slice(0, reach).map((c) => c.id)).toEqual(full.slice(0, reach).map((c) => c.id));
      // What is cut ranks below all that is kept.
      const kept = new Set(ordered.map((c) => c.id));
      const lowest = Math.min(...ordered.map(value));
      for (const c of pool) if (!kept.has(c.id)) expect(value(c)).toBeLessThanOrEqual(lowest);
      if (ordered.length < pool.length) cut++;
    }
    expect(cut).toBeGreaterThan(100);
  });
});
