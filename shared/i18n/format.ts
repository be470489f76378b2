import { isInstant } from '../datetime';
import { countdownParts, formatCountdown, remainingMs, splitDuration } from '../expiry';
import type { Language, Translate } from './index';

// Durations and dates in the UI language. Here rather than in the renderer because main's tray and
// notifications count down in the same words as the window; only ECMAScript Intl is used (no DOM, no Node).

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A live countdown in the UI language: "1h 23m 05s" / "1小时 23分 05秒". Same rounding as shared formatCountdown. */
export function countdownText(ms: number, t: Translate, language: Language): string {
  if (language === 'en') return formatCountdown(ms);
  const { days, hours, minutes, seconds } = countdownParts(ms);
  if (days > 0) return t('duration.dh', { d: days, h: hours });
  if (hours > 0) return t('duration.hms', { h: hours, m: pad2(minutes), s: pad2(seconds) });
  if (minutes > 0) return t('duration.ms', { m: minutes, s: pad2(seconds) });
  return t('duration.s', { s: seconds });
}

/** A coarse duration: "2h 5m", "3m", "45s", "2d 3h" (localized). */
export function shortDurationText(ms: number, t: Translate): string {
  const { days, hours, minutes, seconds } = splitDuration(ms);
  if (days > 0) return hours > 0 ? t('duration.dh', { d: days, h: hours }) : t('duration.d', { d: days });
  if (hours > 0) return minutes > 0 ? t('duration.hm', { h: hours, m: minutes }) : t('duration.h', { h: hours });
  if (minutes > 0) return t('duration.m', { m: minutes });
  return t('duration.s', { s: seconds });
}

/** The countdown cell: time left, "expired just now", "expired 3m ago", or a word when no expiry is known. */
export function expiryText(expiresAt: number | null, hasToken: boolean, now: number, t: Translate, language: Language): string {
  if (!hasToken) return t('countdown.noToken');
  const left = remainingMs(expiresAt, now);
  if (left === null) return t('countdown.unknown');
  if (left > 0) return countdownText(left, t, language);
  // Within the first second past expiry the duration would read "0s ago".
  if (left > -1000) return t('countdown.expiredJustNow');
  return t('countdown.expiredAgo', { duration: shortDurationText(left, t) });
}

// Intl formatters are costly to build; rows ask for them every second.
const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
/** Formatted "ago" texts by language, unit and amount: the rows on screen ask for the same few every second. */
const agoTexts = new Map<string, string>();
const AGO_CACHE_LIMIT = 512;

function relativeText(language: Language, amount: number, unit: Intl.RelativeTimeFormatUnit): string {
  const key = `${language}|${unit}|${amount}`;
  let text = agoTexts.get(key);
  if (text === undefined) {
    let rtf = relativeFormats.get(language);
    if (!rtf) relativeFormats.set(language, (rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'narrow' })));
    text = rtf.format(amount, unit);
    if (agoTexts.size >= AGO_CACHE_LIMIT) agoTexts.clear();
    agoTexts.set(key, text);
  }
  return text;
}

/** "just now", "3m ago" / "刚刚", "3分钟前" for a past moment (units localized by the browser). */
export function agoText(at: number, now: number, language: Language, t: Translate): string {
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 10) return t('time.justNow');
  const abs = Math.abs(seconds);
  if (abs < 60) return relativeText(language, Math.trunc(seconds / 10) * 10, 'second');
  if (abs < 3_600) return relativeText(language, Math.trunc(seconds / 60), 'minute');
  if (abs < 86_400) return relativeText(language, Math.trunc(seconds / 3_600), 'hour');
  return relativeText(language, Math.trunc(seconds / 86_400), 'day');
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** The date formatter for `key`, made once: building an Intl.DateTimeFormat costs far more than using one. */
function cachedFormat(key: string, language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

const TIME_OF_DAY = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** What a time no date can hold (a value stored before such times were refused) shows as. */
const NO_DATE = '—';

/** A date and time in the UI language, e.g. "Mar 5, 14:03:07" / "3月5日 14:03:07". */
export function dateTimeText(at: number, language: Language): string {
  if (!isInstant(at)) return NO_DATE;
  return cachedFormat(`full|${language}`, language, { year: 'numeric', ...TIME_OF_DAY, second: '2-digit' }).format(at);
}

/** A time of day in the UI language, e.g. "14:03:07" (a moment within the next minutes). */
export function clockTimeText(at: number, language: Language): string {
  if (!isInstant(at)) return NO_DATE;
  return cachedFormat(`clock|${language}`, language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

/** A short date and time for tables: "Nov 23, 01:27" / "11月23日 01:27"; the year only when it is not this year's. */
export function compactDateTimeText(at: number, language: Language, now: number): string {
  if (!isInstant(at)) return NO_DATE;
  const withYear = new Date(at).getFullYear() !== new Date(now).getFullYear();
  return cachedFormat(`compact|${language}|${withYear}`, language, withYear ? { year: 'numeric', ...TIME_OF_DAY } : TIME_OF_DAY).format(at);
}

/** Milliseconds as "850 ms" or "1.2 s". */
export function elapsedText(ms: number, t: Translate): string {
  return ms < 1000 ? t('duration.msec', { n: Math.round(ms) }) : t('duration.sec', { n: (ms / 1000).toFixed(1) });
}
