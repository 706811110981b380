import { describe, expect, it } from 'vitest';
import { BoundedOutput } from './boundedOutput';

const feed = (out: BoundedOutput, text: string, chunk: number) => {
  for (let i = 0; i < text.length; i += chunk) out.push(Buffer.from(text.slice(i, i + chunk)));
  return out.result();
};

describe('BoundedOutput', () => {
  it('keeps everything when the output fits in the head', () => {
    expect(feed(new BoundedOutput(100, 10), 'hello world', 3)).toEqual({ head: 'hello world', tail: '', totalBytes: 11, omittedBytes: 0 });
  });

  it('splits head and tail without repeating bytes when it fits in both', () => {
    expect(feed(new BoundedOutput(4, 10), 'abcdefghij', 3)).toEqual({ head: 'abcd', tail: 'efghij', totalBytes: 10, omittedBytes: 0 });
  });

  it.each([1, 7, 64, 5000])('keeps the first and last N bytes of a long stream (chunks of %i)', (chunk) => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join('');
    const r = feed(new BoundedOutput(20, 30), text, chunk);
    expect(r.head).toBe(text.slice(0, 20));
    expect(r.tail).toBe(text.slice(-30));
    expect(r.totalBytes).toBe(text.length);
    expect(r.omittedBytes).toBe(text.length - 50);
  });

  it('holds memory bounded however much is pushed', () => {
    const out = new BoundedOutput(1024, 1024);
    const block = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 1000; i++) out.push(block);
    const r = out.result();
    expect(r.head.length + r.tail.length).toBe(2048);
    expect(r.totalBytes).toBe(64 * 1024 * 1000);
  });

  it('keeps nothing with zero-sized bounds but still counts', () => {
    expect(feed(new BoundedOutput(0, 0), 'abc', 1)).toEqual({ head: '', tail: '', totalBytes: 3, omittedBytes: 3 });
  });
});
