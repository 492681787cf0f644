import { describe, expect, it } from 'vitest';
import { BenchUsageError } from '../../bench/figure.ts';
import { parseRuns } from '../../bench/search.bench.ts';

describe('npm run bench -- search --runs=N', () => {
  it('takes a whole number from 1 to 20, and one pass when not given', () => {
    expect(parseRuns(undefined)).toBe(1);
    expect(parseRuns('1')).toBe(1);
    expect(parseRuns('5')).toBe(5);
    expect(parseRuns('20')).toBe(20);
  });

  it('refuses anything else with a message that shows how to write it', () => {
    for (const bad of ['0', '21', '2.5', '-3', 'five', '', true]) expect(() => parseRuns(bad)).toThrow(BenchUsageError);
    expect(() => parseRuns('abc')).toThrow('--runs must be a whole number from 1 to 20, as in --runs=5 (got abc)');
  });
});
