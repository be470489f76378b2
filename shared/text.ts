/**
 * Characters that steer a terminal or the reading order instead of showing text: C0 controls, DEL,
 * C1 controls (0x9b alone is a CSI on many terminals), and the bidirectional marks, embeddings,
 * overrides and isolates that can make text read differently from what it is (Trojan Source).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_ALL = new RegExp(CONTROL.source, 'gu');
// eslint-disable-next-line no-control-regex -- as above, minus the line feed
const CONTROL_BUT_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** True when `text` holds a control character or a bidirectional control. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** `text` without control characters and bidirectional controls; line breaks kept only when asked. */
export function stripControlCharacters(text: string, options: { keepNewlines?: boolean } = {}): string {
  if (options.keepNewlines) return text.replace(/\r\n?/g, '\n').replace(CONTROL_BUT_NEWLINES, '');
  return text.replace(/[\r\n\t]+/g, ' ').replace(CONTROL_ALL, '');
}
