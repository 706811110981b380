import { describe, expect, it } from 'vitest';
import { capacity, smsLength, toGsmFriendly, truncateToSegments } from './gsm';

describe('smsLength', () => {
  it('counts GSM-7 septets: 160 in one segment, 153 per segment after', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the extension table as two septets', () => {
    expect(smsLength('{}[]~^|\\€')).toMatchObject({ encoding: 'gsm7', units: 18 });
    expect(smsLength('a'.repeat(159) + '€').segments).toBe(2);
  });

  it('switches to UCS-2 for any other character, counting UTF-16 units (an emoji is two)', () => {
    expect(smsLength('ok ✅')).toEqual({ encoding: 'ucs2', units: 4, segments: 1 });
    expect(smsLength('é'.repeat(10))).toMatchObject({ encoding: 'gsm7' }); // é is in GSM-7
    expect(smsLength('ç' + 'a'.repeat(70)).segments).toBe(2); // ç is not (only Ç is)
    expect(smsLength('🔧'.repeat(67)).segments).toBe(2);
    expect(smsLength('x'.repeat(133) + '😀').segments).toBe(3);
    expect(capacity('ucs2', 2)).toBe(134);
    expect(capacity('gsm7', 2)).toBe(306);
  });
});

describe('truncateToSegments', () => {
  it('cuts to fit with an ASCII ellipsis and never splits a surrogate pair', () => {
    const cut = truncateToSegments('a'.repeat(400), 2);
    expect(cut.endsWith('...')).toBe(true);
    expect(smsLength(cut)).toMatchObject({ encoding: 'gsm7', units: 306 });
    const emoji = truncateToSegments('😀'.repeat(100), 2);
    expect(smsLength(emoji).segments).toBe(2);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(truncateToSegments('short', 1)).toBe('short');
  });

  it('maps typographic characters to GSM-7 look-alikes', () => {
    expect(smsLength(toGsmFriendly('it’s done — “ok”…')).encoding).toBe('gsm7');
  });
});
