import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_POOL_SIZE, loadConfig } from '../../src/config.ts';

describe('DATABASE_URL and DATABASE_POOL_SIZE', () => {
  it('select PostgreSQL for postgres:// and postgresql:// URLs, with the pool size', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://tagwire:secret@db.internal:5432/tagwire' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://tagwire:secret@db.internal:5432/tagwire',
      poolSize: DEFAULT_DATABASE_POOL_SIZE,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@localhost/db', DATABASE_POOL_SIZE: '25' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgresql://u@localhost/db',
      poolSize: 25,
    });
  });

  it('keep SQLite for sqlite: paths and :memory:', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/tagwire.db', DATABASE_POOL_SIZE: '3' }).database).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/tagwire.db',
    });
    expect(loadConfig({}).database).toEqual({ dialect: 'sqlite', path: 'data/tagwire.db' });
  });

  it('refuse malformed values with a message naming the variable, without echoing a password', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
    };
    expect(message({ DATABASE_URL: 'postgres://' })).toMatch(/DATABASE_URL: expected postgres:\/\/USER/u);
    expect(message({ DATABASE_URL: 'postgres://u:p@[bad/db' })).toMatch(/DATABASE_URL: expected postgres:\/\//u);
    const other = message({ DATABASE_URL: 'mysql://admin:hunter2@db/x' });
    expect(other).toMatch(/DATABASE_URL: expected sqlite:PATH, :memory:, or postgres:/u);
    expect(other).not.toContain('hunter2');
    expect(message({ DATABASE_URL: 'postgres://u@h/db', DATABASE_POOL_SIZE: '0' })).toMatch(
      /DATABASE_POOL_SIZE: expected a whole number from 1 to 1000/u,
    );
  });
});

describe('DISCORD_SHARD_ID and DISCORD_SHARD_COUNT', () => {
  const base = { DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '123456789' };
  it('give the process its shard, or none', () => {
    expect(loadConfig({ ...base, DISCORD_SHARD_ID: '2', DISCORD_SHARD_COUNT: '4' }).discord.shard).toEqual({
      id: 2,
      count: 4,
    });
    expect(loadConfig(base).discord.shard).toBeUndefined();
  });

  it('refuse one without the other, and an id past the count, naming the variable', () => {
    expect(() => loadConfig({ ...base, DISCORD_SHARD_ID: '1' })).toThrow(
      /DISCORD_SHARD_ID: set DISCORD_SHARD_ID and DISCORD_SHARD_COUNT together/u,
    );
    expect(() => loadConfig({ ...base, DISCORD_SHARD_ID: '4', DISCORD_SHARD_COUNT: '4' })).toThrow(
      /DISCORD_SHARD_ID: 4 is not below DISCORD_SHARD_COUNT/u,
    );
    expect(() => loadConfig({ ...base, DISCORD_SHARD_ID: 'x', DISCORD_SHARD_COUNT: '4' })).toThrow(
      /DISCORD_SHARD_ID: expected a whole number/u,
    );
  });
});
