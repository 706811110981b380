import { html, type SafeHtml } from './html';

export function loginPage(csrf: string, error: string | undefined): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · Architect</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/app.css"></head>
<body class="login"><main>
<h1>Architect</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${csrf}">
<label>Password <input type="password" name="password" id="password" autocomplete="current-password" required autofocus></label>
<button type="submit" id="login">Log in</button>
</form>
<p class="muted">No password yet? The dashboard printed one at its first start; set your own with <code>architect dashboard passwd</code>.</p>
</main></body></html>`;
}
