/**
 * The one rule for numbers typed in command-line flags and environment variables:
 * plain decimal digits (a leading minus allowed, so that a negative number is refused
 * as out of range rather than as unreadable), surrounding spaces ignored. No hex
 * (`0x10`), no exponents (`1e2`), no `+`, no `_`, no fractions unless asked for.
 */

export type NumberReading = { ok: true; value: number } | { ok: false; problem: 'format' | 'range' };

/** A whole number from `min` to `max`. */
export function readWholeNumber(text: string, min: number, max: number): NumberReading {
  const trimmed = text.trim();
  if (!/^-?\d+$/u.test(trimmed)) return { ok: false, problem: 'format' };
  const n = Number(trimmed) || 0; // no -0
  if (!Number.isSafeInteger(n) || n < min || n > max) return { ok: false, problem: 'range' };
  return { ok: true, value: n };
}

/** A number above 0 and at most `max`, written with digits and an optional decimal point (`0.5`, `25`). */
export function readPositiveDecimal(text: string, max: number): NumberReading {
  const trimmed = text.trim();
  if (!/^-?\d+(?:\.\d+)?$/u.test(trimmed)) return { ok: false, problem: 'format' };
  const n = Number(trimmed);
  if (!Number.isFinite(n) || n <= 0 || n > max) return { ok: false, problem: 'range' };
  return { ok: true, value: n };
}
