import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { readPositiveDecimal, readWholeNumber } from '../domain/numbers.ts';

/**
 * Parsers of single environment values, each a string or unset. Every call makes a new
 * schema, so each variable documents its own (see ./docs.ts). An empty value counts as unset.
 * A wrong value fails with "expected …": src/config.ts puts the variable's name before it.
 * Numbers follow the one rule of flags too (src/domain/numbers.ts): plain decimal digits.
 */

export const optionalText = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const idList = (what: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const ids = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = ids.find((id) => !/^-?\d{1,20}$/u.test(id));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `expected comma-separated numeric ${what} ids, got "${bad}"` });
        return z.NEVER;
      }
      return ids;
    });

/** Says why a number was refused: unreadable (not plain digits) or out of range. */
const numberIssue = (problem: 'format' | 'range', expected: string, value: string) =>
  `expected ${expected}, got "${value}"${problem === 'range' ? ', which is out of range' : ': write plain digits'}`;

export const int = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const reading = readWholeNumber(value, min, max);
      if (!reading.ok) {
        ctx.addIssue({
          code: 'custom',
          message: numberIssue(reading.problem, `a whole number from ${min} to ${max}`, value),
        });
        return z.NEVER;
      }
      return reading.value;
    });

export const positiveNumber = (max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const reading = readPositiveDecimal(value, max);
      if (!reading.ok) {
        ctx.addIssue({
          code: 'custom',
          message: numberIssue(reading.problem, `a number above 0 and at most ${max}, such as 0.5 or 25`, value),
        });
        return z.NEVER;
      }
      return reading.value;
    });

/** An http(s) URL; unset gives `fallback`, so a string fallback makes the result a string. */
export const httpUrl = <F extends string | undefined>(fallback: F, noTrailingSlash = true) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx): string | F => {
      if (value === undefined || value === '') return fallback;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${value}"` });
        return z.NEVER;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${value}"` });
        return z.NEVER;
      }
      return noTrailingSlash ? value.replace(/\/+$/u, '') : value;
    });

export const optionalPort = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const reading = readWholeNumber(value, 1, 65535);
      if (!reading.ok) {
        ctx.addIssue({ code: 'custom', message: numberIssue(reading.problem, 'a port number from 1 to 65535', value) });
        return z.NEVER;
      }
      return reading.value;
    });

export const cronExpression = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      if (!isValidCron(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a cron expression such as "${fallback}" (minute hour day month weekday, optional seconds first), got "${value}"`,
        });
        return z.NEVER;
      }
      return value;
    });

/** Where the data lives; a PostgreSQL pool size is DATABASE_POOL_SIZE's, added by src/config.ts. */
export type DatabaseLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export const databaseUrl = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx): DatabaseLocation => {
      if (value === undefined || value === '') return { dialect: 'sqlite', path: 'data/tagwire.db' };
      if (value === ':memory:') return { dialect: 'sqlite', path: ':memory:' };
      const sqlite = /^(?:sqlite|file):(?:\/\/)?(.+)$/u.exec(value);
      if (sqlite?.[1] !== undefined) return { dialect: 'sqlite', path: sqlite[1] };
      if (/^postgres(?:ql)?:\/\//u.test(value)) {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({
            code: 'custom',
            message: 'expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, got a URL that does not parse',
          });
          return z.NEVER;
        }
        if (url.hostname === '' && !url.searchParams.has('host')) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE: the host is missing',
          });
          return z.NEVER;
        }
        return { dialect: 'postgres', url: value };
      }
      ctx.addIssue({
        code: 'custom',
        message: `expected sqlite:PATH, :memory:, or postgres://USER@HOST[:PORT]/DATABASE, got "${value.replace(/\/\/[^@/]*@/u, '//…@')}"`,
      });
      return z.NEVER;
    });

/** `true` or `false`; unset or empty: false. */
export const flag = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const v = value?.trim().toLowerCase() ?? '';
      if (v === '' || v === 'false') return false;
      if (v === 'true') return true;
      ctx.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
      return z.NEVER;
    });
