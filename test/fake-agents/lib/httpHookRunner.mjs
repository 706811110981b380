// Runs one `type: "http"` hook the way Claude Code does: POST the event's JSON to the hook's url,
// header values with $VAR / ${VAR} filled from the environment only for variables listed in
// allowedEnvVars (any other reference becomes ''), cancelled when its timeout passes. A 2xx
// answer's body is read like a command hook's stdout (empty = no output); a non-2xx answer, a
// refused connection or a timeout is a non-blocking error: no decision, the agent goes on.
import http from 'node:http';

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function resolveHeaders(headers = {}, allowed = [], env = process.env) {
  const ok = new Set(allowed);
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, String(v).replace(ENV_REF, (_m, a, b) => (ok.has(a ?? b) ? env[a ?? b] ?? '' : ''))]),
  );
}

/**
 * @returns {Promise<{ exitCode: number | null, stdout: string, stderr: string,
 *   timedOut: boolean, ms: number, status?: number }>}
 */
export function runHttpHook({ hook, payload, timeoutMs, env = process.env }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const done = (r) => resolve({ stdout: '', stderr: '', timedOut: false, ...r, ms: Date.now() - started });
    let url;
    try {
      url = new URL(hook.url);
    } catch {
      return done({ exitCode: 1, stderr: `bad url ${hook.url}` });
    }
    const body = JSON.stringify(payload);
    const req = http.request(url, {
      method: 'POST',
      headers: { ...resolveHeaders(hook.headers, hook.allowedEnvVars, env), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: timeoutMs,
    });
    req.on('timeout', () => {
      req.destroy();
      done({ exitCode: null, timedOut: true, stderr: 'timed out' });
    });
    req.on('error', (err) => done({ exitCode: 1, stderr: String(err) }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => {
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        done({ exitCode: ok ? 0 : 1, stdout: ok ? text : '', stderr: ok ? '' : `HTTP ${res.statusCode}: ${text}`, status: res.statusCode });
      });
      res.on('error', (err) => done({ exitCode: 1, stderr: String(err) }));
    });
    req.end(body);
  });
}
