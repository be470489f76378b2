import { expect, test } from './harness/fixtures';

/**
 * Chinese labels render with real glyphs, not the empty boxes ("tofu") Chromium draws when no font has
 * the character (a machine without fonts-noto-cjk; .ci/run installs it). Each character of a label is drawn
 * on a canvas in the label's own computed font and compared with a private-use character, which no font
 * has: a tofu box looks the same whatever the character, a glyph does not. A CJK glyph is also full width.
 */
test.use({ backendOptions: { systemLocale: 'zh-CN' } });

test('a Chinese label renders with a CJK font: full-width glyphs, each unlike the missing-glyph box', async ({ openApp }) => {
  const page = await openApp();
  const heading = page.getByRole('heading', { name: '让工作令牌始终有效' });
  await expect(heading).toBeVisible();
  const report = await heading.evaluate(async (el) => {
    await document.fonts.ready;
    const font = getComputedStyle(el).font;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(size * 2);
    canvas.height = Math.ceil(size * 2);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (text: string): string => {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.font = font;
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#000';
      ctx.fillText(text, size / 2, size / 2);
      return Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data).join(',');
    };
    const tofu = draw('\uE000');
    const characters = Array.from(new Set(Array.from(el.textContent ?? ''))).slice(0, 6);
    return {
      font,
      characters: characters.map((c) => {
        ctx.font = font;
        return { c, widthEm: ctx.measureText(c).width / size, asTofu: draw(c) === tofu };
      }),
      distinct: new Set(characters.map(draw)).size,
    };
  });
  expect(report.characters.length, report.font).toBeGreaterThanOrEqual(6);
  for (const { c, widthEm, asTofu } of report.characters) {
    expect(asTofu, `${c} is drawn as the missing-glyph box in ${report.font}`).toBe(false);
    expect(widthEm, `${c} is full width`).toBeGreaterThan(0.9);
    expect(widthEm, `${c} is full width`).toBeLessThan(1.1);
  }
  // Six different characters, six different pictures.
  expect(report.distinct).toBe(report.characters.length);
});
