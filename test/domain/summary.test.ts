import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_LENGTH, summarize } from '../../src/domain/summary.ts';

describe('summarize', () => {
  it('takes whole leading sentences up to the limit', () => {
    const body = 'First sentence here. Second one follows. ' + 'Filler words that go on and on. '.repeat(20);
    const summary = summarize(body, 'Title');
    expect(summary.startsWith('First sentence here. Second one follows.')).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(summary.endsWith('.')).toBe(true);
  });

  it("folds the wire's line breaks", () => {
    expect(summarize('Oil prices\nrose today.\n\nMore later.', 'T')).toBe('Oil prices rose today. More later.');
  });

  it('cuts one over-long sentence at a word boundary with an ellipsis', () => {
    const body = `${'word '.repeat(100)}end.`;
    const summary = summarize(body, 'T');
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary.slice(0, -1).endsWith('word')).toBe(true);
  });

  it('falls back to the title when the body is empty', () => {
    expect(summarize('', 'Armenia freezes CSTO participation')).toBe('Armenia freezes CSTO participation');
    expect(summarize('   \n ', 'Title only')).toBe('Title only');
  });

  it('segments non-Latin text by sentence', () => {
    const body =
      'Армения заморозила участие в ОДКБ. Премьер-министр заявил об этом в пятницу. ' +
      'Подробности следуют. '.repeat(30);
    const summary = summarize(body, 'T');
    expect(summary.startsWith('Армения заморозила участие в ОДКБ. Премьер-министр заявил об этом в пятницу.')).toBe(
      true,
    );
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
  });

  it("splits sentences by the article's language: Armenian ։ and Russian sentences, whole", () => {
    const armenian =
      'Հայաստանը սառեցրել է իր մասնակցությունը ՀԱՊԿ-ին։ Այդ մասին հայտարարել է վարչապետը։ ' +
      'Մանրամասները՝ ավելի ուշ։ '.repeat(20);
    expect(summarize(armenian, 'T', 90, 'hy')).toBe(
      'Հայաստանը սառեցրել է իր մասնակցությունը ՀԱՊԿ-ին։ Այդ մասին հայտարարել է վարչապետը։',
    );
    expect(summarize(armenian, 'T', 60, 'hy')).toBe('Հայաստանը սառեցրել է իր մասնակցությունը ՀԱՊԿ-ին։');
    const russian = 'Армения заморозила участие в ОДКБ! Почему? Премьер-министр объяснил это в пятницу. Конец.';
    expect(summarize(russian, 'T', 50, 'ru')).toBe('Армения заморозила участие в ОДКБ! Почему?');
    expect(summarize(russian, 'T', 300, 'ru')).toBe(russian);
    // Without a language, today's behaviour: the same split.
    expect(summarize(russian, 'T', 50)).toBe(summarize(russian, 'T', 50, 'ru'));
  });
});
