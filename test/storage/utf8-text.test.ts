import { describe, expect, it } from 'vitest';
import { utf8Text } from '../../src/storage/utf8-text.ts';

describe('utf8Text', () => {
  it.each([
    ['ASCII', 'Oil prices rose 3% in 1987.'],
    ['Russian', 'Премьер-министр Армении заявил: «ещё раз» — нет.'],
    ['Armenian', 'Ինչո՞ւ Երևանում և Հայաստանի կառավարությունը։'],
    ['beyond the BMP', 'Emoji 😀 and 𝐀𝐁 and 𠀀'],
    ['Latin-1 letters', 'Café Zürich ß'],
  ])('reads %s as Buffer.toString would', (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(utf8Text(bytes)).toBe(text);
    expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
  });

  it('reads nothing as an empty string', () => {
    expect(utf8Text(null)).toBe('');
    expect(utf8Text(Buffer.alloc(0))).toBe('');
  });

  it('reads bytes that are not UTF-8 with replacement characters, as Buffer.toString does', () => {
    const bad = Buffer.from([0x41, 0xff, 0xd0, 0x9f, 0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80]);
    expect(utf8Text(bad)).toBe(bad.toString('utf8'));
    expect(utf8Text(bad)).toContain('\uFFFD');
  });
});
