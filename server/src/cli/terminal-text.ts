/**
 * Characters that act on a terminal instead of being shown: C0 and C1 controls (ESC starts cursor
 * moves, OSC 8 links and OSC 52 clipboard writes), DEL, and the bidirectional overrides and
 * isolates that make text read in another order than it is (Trojan Source).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ACTS_ON_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text a visitor wrote, safe to print on the operator's terminal: each such character is shown
 * as its code (`\u{1b}`) rather than acted on; line breaks and tabs become spaces first, so one
 * record stays on one line.
 */
export function forTerminal(text: string): string {
  return text
    .replace(/[\t\n\r]+/g, ' ')
    .replace(ACTS_ON_TERMINAL, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}
