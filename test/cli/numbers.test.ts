import { describe, expect, it } from 'vitest';
import { parseFlags, parseLimit, parseOffset, UsageError } from '../../src/cli/common.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

/** Issue 15, defect 12: one integer rule for flags and variables. */
describe('whole numbers in flags', () => {
  it('takes plain decimal digits only', () => {
    expect(parseLimit('16', 10, 100)).toBe(16);
    expect(parseLimit(' 7 ', 10, 100)).toBe(7);
    expect(parseLimit(undefined, 10, 100)).toBe(10);
    expect(parseOffset('0')).toBe(0);
    expect(parseOffset('250')).toBe(250);
    for (const bad of ['0x10', '1e1', '1.0', '1.5', '', ' ', '+5', '10abc', 'lots', '0b11', '1_000', 'Infinity'])
      expect(() => parseLimit(bad, 10, 100), bad).toThrow(
        `--limit takes a whole number from 1 to 100, not "${bad.trim()}": write plain digits.`,
      );
    for (const bad of ['1e308', '0x10', '-0x1', 'NaN'])
      expect(() => parseOffset(bad), bad).toThrow(/--offset takes a whole number/);
  });

  it('says a number outside the range is out of range', () => {
    expect(() => parseLimit('0', 10, 100)).toThrow(
      '--limit takes a whole number from 1 to 100, not "0", which is out of range.',
    );
    expect(() => parseLimit('101', 10, 100)).toThrow(/out of range/);
    expect(() => parseLimit('-1', 10, 100)).toThrow(/--limit takes .*, not "-1", which is out of range/);
    expect(() => parseOffset('-3')).toThrow(
      /--offset takes a whole number from 0 to 1000000, not "-3", which is out of range/,
    );
    expect(() => parseOffset('9'.repeat(400))).toThrow(/out of range/);
  });

  it('lets a negative number follow its flag, so the range check can answer', () => {
    const { values } = parseFlags(['oil', '--limit', '-1'], { limit: { type: 'string' } });
    expect(values.limit).toBe('-1');
    expect(() => parseLimit(values.limit, 10, 100)).toThrow(/out of range/);
    expect(parseFlags(['--offset', '-25'], { offset: { type: 'string' } }).values.offset).toBe('-25');
    // A dash that is not a number is still an option, and a boolean flag takes no value.
    expect(() => parseFlags(['--limit', '--json'], { limit: { type: 'string' }, json: { type: 'boolean' } })).toThrow(
      UsageError,
    );
    expect(() => parseFlags(['--json', '-1'], { json: { type: 'boolean' } })).toThrow(UsageError);
  });
});

describe('whole numbers in variables', () => {
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig({ DATABASE_URL: ':memory:', ...env });
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    return null;
  };

  it('takes the same plain digits', () => {
    expect(loadConfig({ DATABASE_URL: ':memory:', DELIVERY_CONCURRENCY: '100' }).delivery.concurrency).toBe(100);
    for (const bad of ['1e2', '0x10', '1.0', '+5', '12abc'])
      expect(problem({ DELIVERY_CONCURRENCY: bad }), bad).toContain(
        `DELIVERY_CONCURRENCY: expected a whole number from 1 to 256, got "${bad}": write plain digits`,
      );
    expect(problem({ HTTP_PORT: '0x1F90', INGEST_TOKEN: 'x'.repeat(20) })).toMatch(/HTTP_PORT: expected a port number/);
    expect(problem({ TELEGRAM_MAX_PER_SECOND: '1e1' })).toMatch(/TELEGRAM_MAX_PER_SECOND: expected a number/);
    expect(loadConfig({ DATABASE_URL: ':memory:', TELEGRAM_MAX_PER_SECOND: '0.5' }).telegram.maxPerSecond).toBe(0.5);
  });

  it('says a number outside the range is out of range', () => {
    expect(problem({ DELIVERY_CONCURRENCY: '1000' })).toContain(
      'DELIVERY_CONCURRENCY: expected a whole number from 1 to 256, got "1000", which is out of range',
    );
    expect(problem({ DELIVERY_CONCURRENCY: '-1' })).toContain('got "-1", which is out of range');
  });

  it('reads every empty variable as its default, LOG_LEVEL included', () => {
    const config = loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: '', DELIVERY_CONCURRENCY: '' });
    expect(config.logLevel).toBe('info');
    expect(config.delivery.concurrency).toBe(8);
    expect(loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: '  ' }).logLevel).toBe('info');
    expect(loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(problem({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL: expected one of/);
  });
});
