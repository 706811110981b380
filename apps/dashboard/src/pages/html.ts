/**
 * Server-side HTML with escaping by default: every value interpolated into `html\`…\`` is
 * escaped unless it is itself the result of `html` (or `raw`, for trusted constant markup).
 * Arrays are joined, null/undefined/false render nothing. There is no other way to build HTML
 * in this app, so an agent's screen or a prompt's text can never inject markup or script.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Markup written in this source file (never data). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
