/**
 * SMS length, counted the way carriers do. A message that fits the GSM-7 alphabet costs one
 * septet per character (two for the extension table: ^ { } \ [ ~ ] | €) — 160 in one segment,
 * 153 per segment once split (the rest is the concatenation header). Any other character turns
 * the whole message into UCS-2: 70 UTF-16 code units in one segment, 67 per segment once split
 * (an emoji is two units). So one emoji halves what a message can hold.
 */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!basic.has(ch) && !extension.has(ch)) return false;
  return true;
}

function septets(text: string): number {
  let n = 0;
  for (const ch of text) n += extension.has(ch) ? 2 : 1;
  return n;
}

export function smsLength(text: string): SmsLength {
  if (isGsm7(text)) {
    const units = septets(text);
    return { encoding: 'gsm7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length;
  return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** The most units `segments` segments hold in an encoding. */
export function capacity(encoding: SmsEncoding, segments: number): number {
  if (encoding === 'gsm7') return segments <= 1 ? 160 : 153 * segments;
  return segments <= 1 ? 70 : 67 * segments;
}

/** Typographic characters agents and tools print, mapped to GSM-7 so one of them does not cost half the message. */
const LOOKALIKES: Record<string, string> = {
  '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '...', '•': '*', '·': '.',
  '→': '->', '←': '<-', '✓': 'ok', '✔': 'ok', '✗': 'x', '✘': 'x', '\t': ' ', ' ': ' ',
};

export function toGsmFriendly(text: string): string {
  let out = '';
  for (const ch of text) out += LOOKALIKES[ch] ?? ch;
  return out;
}

/** Whether `text` fits in `maxSegments` segments. */
export function fits(text: string, maxSegments: number): boolean {
  return smsLength(text).segments <= maxSegments;
}

/**
 * Cut `text` to `maxSegments` segments, ending with "..." when cut (ASCII, so the cut never
 * switches the encoding). Cuts on code points, never inside a surrogate pair.
 */
export function truncateToSegments(text: string, maxSegments: number): string {
  if (fits(text, maxSegments)) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join('').trimEnd() + '...', maxSegments)) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + '...';
}
