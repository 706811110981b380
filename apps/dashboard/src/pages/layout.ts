import type { Express, Request, Response, NextFunction } from 'express';
import { html, type SafeHtml } from './html';

export interface PageParts {
  title: string;
  /** Forms and anything that must not be redrawn under the user's fingers. */
  top?: SafeHtml;
  /** Redrawn in place (fetched again as a fragment) whenever the database changes. */
  live: SafeHtml;
}

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/needs-you', 'Needs you'],
  ['/sessions', 'Sessions'],
  ['/prompts', 'Prompts'],
  ['/tasks', 'Tasks'],
  ['/approvals', 'Approvals'],
  ['/health-checks', 'Health'],
  ['/alerts', 'Alerts & SMS'],
  ['/workers', 'Workers'],
  ['/locks', 'Locks'],
  ['/lost-and-found', 'Lost & found'],
  ['/projects', 'Projects'],
  ['/features', 'Features'],
  ['/bugs', 'Bugs'],
  ['/plans', 'Plans'],
  ['/milestones', 'Milestones'],
  ['/suggestions', 'Suggestions'],
  ['/secrets', 'Secrets'],
  ['/audit', 'Audit'],
];

export function layout(req: Request, parts: PageParts): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${req.session.csrf ?? ''}">
<title>${parts.title} · Architect</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css"><link rel="stylesheet" href="/assets/vendor/uPlot.min.css">
<script src="/assets/vendor/uPlot.iife.min.js" defer></script><script src="/assets/live.js" defer></script>
</head><body>
<header><nav>${NAV.map(([href, label]) => html`<a href="${href}"${req.path === href ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
<form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${req.session.csrf ?? ''}"><button type="submit" id="logout">Log out</button></form>
<span id="live-status" class="muted">connecting…</span></header>
<h1>${parts.title}</h1>
<div id="flash" role="status"></div>
${parts.top ?? ''}
<main id="live" data-live>${parts.live}</main>
</body></html>`;
}

/** A server-rendered page; `X-Fragment: live` asks for the live part only (live.js redraws with it). */
export function page(app: Express, path: string, build: (req: Request) => PageParts | Promise<PageParts>): void {
  app.get(path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const parts = await build(req);
      res.set('Cache-Control', 'no-store');
      if (req.get('x-fragment') === 'live') return res.type('html').send(parts.live.value);
      res.type('html').send(layout(req, parts).value);
    } catch (err) {
      next(err);
    }
  });
}

export function table(headers: string[], rows: unknown[][], empty = 'nothing here'): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll"><table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`;
}

export function when(ms: number | null | undefined): string {
  if (!ms) return '-';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function ago(ms: number | null | undefined, now: number): string {
  if (!ms) return '-';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 90) return `${s}s ago`;
  if (s < 5400) return `${Math.round(s / 60)}m ago`;
  if (s < 129_600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

/** A button that POSTs JSON to the API through live.js (CSRF header added there). */
export function actionButton(label: string, api: string, body: Record<string, unknown> = {}, opts: { confirm?: string; id?: string } = {}): SafeHtml {
  return html`<button type="button" class="action" data-api="${api}" data-body="${JSON.stringify(body)}"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}${opts.id ? html` id="${opts.id}"` : ''}>${label}</button>`;
}
