import { describe, expect, it } from 'vitest';
import { agoText } from '../../shared/i18n/format';
import { translator } from '../../shared/i18n';
import { barShare } from '../../renderer/src/components/live-cells';

describe('the texts and bar a countdown tick shows', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('"refreshed … ago" follows the language and the amount (the cache of formatted texts keys on both)', () => {
    const en = translator('en');
    const zh = translator('zh-CN');
    const threeMinutes = agoText(now - 3 * 60_000, now, 'en', en);
    expect(threeMinutes).toMatch(/3/);
    // Same amount and unit in the other language: not the cached English text.
    const zhText = agoText(now - 3 * 60_000, now, 'zh-CN', zh);
    expect(zhText).not.toBe(threeMinutes);
    expect(zhText).toMatch(/3/);
    // Another amount in the same language: not the cached one either.
    expect(agoText(now - 4 * 60_000, now, 'en', en)).not.toBe(threeMinutes);
    expect(agoText(now - 4 * 60_000, now, 'en', en)).toMatch(/4/);
    expect(agoText(now - 2_000, now, 'en', en)).toBe(en('time.justNow'));
  });

  it('the lifetime bar moves in steps finer than a pixel, and stays empty without a known lifetime', () => {
    expect(barShare(null)).toBeNull();
    expect(barShare(1)).toBe(1);
    expect(barShare(0)).toBe(0);
    // Two moments a second apart in a day-long lifetime draw the same bar; a tenth of it later does not.
    const day = 86_400_000;
    const at = (ms: number): number => (day - ms) / day;
    expect(barShare(at(3_600_000))).toBe(barShare(at(3_601_000)));
    expect(barShare(at(3_600_000))).not.toBe(barShare(at(3_600_000 + day / 10)));
    expect(Math.abs((barShare(0.123456) ?? 0) - 0.123456)).toBeLessThan(0.002);
  });
});
