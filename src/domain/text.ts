/** Small, shared text rules: control characters, whitespace, code-point lengths. */

// C0 and C1 controls, plus the bidi overrides that can disguise text in a chat.
// Matching control characters is the point here.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_GLOBAL = new RegExp(CONTROL.source, 'gu');
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/* eslint-enable no-control-regex */

/** True when a one-line value (title, tag) holds a control character, newline included. */
export function hasLineControl(value: string): boolean {
  return LINE_CONTROL.test(value);
}

/** Removes control characters from multi-line text, keeping newlines and tabs. */
export function stripControls(value: string): string {
  return value.replace(CONTROL_GLOBAL, '');
}

/** A code point outside the Basic Multilingual Plane: two UTF-16 units. */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;

/** Length in code points, which is what a reader counts (not UTF-16 units); a lone surrogate counts one. */
export function codePointLength(value: string): number {
  return value.length - (value.match(ASTRAL)?.length ?? 0);
}

/** Collapses runs of white space into one space and trims. */
export function foldSpaces(value: string): string {
  return value.replace(/\s+/gu, ' ').trim();
}

/** Cuts text to at most `max` code points at a word boundary, adding an ellipsis when cut. */
export function truncateAtWord(value: string, max: number): string {
  if (codePointLength(value) <= max) return value;
  const chars = Array.from(value).slice(0, max - 1);
  let cut = chars.join('');
  const lastSpace = cut.search(/\s\S*$/u);
  if (lastSpace > max * 0.5) cut = cut.slice(0, lastSpace);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}
