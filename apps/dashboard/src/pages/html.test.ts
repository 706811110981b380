import { describe, expect, it } from 'vitest';
import { html, raw } from './html';

describe('html templates', () => {
  it('escapes interpolated values, nested templates pass through', () => {
    const evil = `<script>alert("x")</script>'&`;
    const out = html`<p title="${evil}">${evil}${html`<b>${evil}</b>`}${[1, null, false, 'a<']}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;');
    expect(out).toContain('<b>&lt;script');
    expect(out).toContain('1a&lt;</p>');
    expect(html`${raw('<i>ok</i>')}`.value).toBe('<i>ok</i>');
  });
});
