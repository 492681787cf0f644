import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FEED_POLL_CRON, loadConfig } from '../../src/config.ts';

const load = (env: Record<string, string>) => loadConfig({ DATABASE_URL: ':memory:', ...env });
const problem = (env: Record<string, string>) => {
  try {
    load(env);
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
};

describe('configuration of sources and the HTTP API', () => {
  it('has sensible defaults: no HTTP server, polls every 10 minutes', () => {
    const config = load({});
    expect(config.http).toEqual({ port: undefined, ingestToken: undefined, trustedProxies: 0 });
    expect(config.feeds).toEqual({ pollCron: DEFAULT_FEED_POLL_CRON, timeoutMs: 15_000, maxBytes: 5_000_000 });
    expect(DEFAULT_FEED_POLL_CRON).toBe('*/10 * * * *');
  });

  it('reads every variable', () => {
    const config = load({
      HTTP_PORT: '9100',
      INGEST_TOKEN: 'abcdefghijklmnop',
      FEED_POLL_CRON: '*/5 * * * *',
      FEED_TIMEOUT_MS: '5000',
      FEED_MAX_BYTES: '200000',
      TRUSTED_PROXIES: '1',
    });
    expect(config.http).toEqual({
      port: 9100,
      ingestToken: 'abcdefghijklmnop',
      webUrl: 'http://localhost:9100',
      trustedProxies: 1,
    });
    expect(
      load({ HTTP_PORT: '9100', INGEST_TOKEN: 'abcdefghijklmnop', WEB_URL: 'https://news.example.com/' }).http.webUrl,
    ).toBe('https://news.example.com');
    expect(problem({ WEB_URL: 'ftp://news.example.com' })).toMatch(/WEB_URL: expected an http\(s\) URL/);
    expect(config.feeds).toEqual({ pollCron: '*/5 * * * *', timeoutMs: 5000, maxBytes: 200_000 });
  });

  it('names the variable and what is expected when a value is wrong', () => {
    expect(problem({ HTTP_PORT: '8081' })).toMatch(/INGEST_TOKEN: required when HTTP_PORT is set/);
    expect(problem({ HTTP_PORT: '8081', INGEST_TOKEN: 'short' })).toMatch(
      /INGEST_TOKEN: expected at least 16 characters/,
    );
    expect(problem({ HTTP_PORT: 'eighty', INGEST_TOKEN: 'abcdefghijklmnop' })).toMatch(
      /HTTP_PORT: expected a port number from 1 to 65535, got "eighty"/,
    );
    expect(problem({ FEED_POLL_CRON: 'every ten minutes' })).toMatch(
      /FEED_POLL_CRON: expected a cron expression such as "\*\/10 \* \* \* \*"/,
    );
    expect(problem({ FEED_TIMEOUT_MS: '10' })).toMatch(/FEED_TIMEOUT_MS: expected a whole number from 1000 to 300000/);
    expect(problem({ FEED_MAX_BYTES: '1e12' })).toMatch(/FEED_MAX_BYTES: expected a whole number/);
    expect(problem({ TRUSTED_PROXIES: 'yes' })).toMatch(/TRUSTED_PROXIES: expected a whole number from 0 to 10/);
    expect(
      problem({
        HTTP_PORT: '8080',
        INGEST_TOKEN: 'abcdefghijklmnop',
        TELEGRAM_BOT_TOKEN: '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
        TELEGRAM_WEBHOOK_URL: 'https://bot.example/hook',
      }),
    ).toMatch(/HTTP_PORT: 8080 is already PORT/);
  });
});
