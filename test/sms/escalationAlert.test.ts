/**
 * End to end: a fake Claude Code in real tmux asks to run a command carrying an API key; the
 * auto-confirm daemon (built bundle) escalates it and raises an alert; the sms-updates daemon
 * (built bundle) turns it into an outbox message once the group window has passed — with the
 * key redacted from the body and from what the log transport writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { listAlerts, listSms } from '@architect/db';
import { AutoConfirmHome, permissionScript } from '../autoConfirm/harness';
import { waitFor } from '../support/waitFor';
import { NO_SMS_ENV, SmsDaemonProcess } from './smsDaemon';

const FAKE_KEY = 'sk-proj-' + 'Zx9'.repeat(12);
const COMMAND = `OPENAI_API_KEY=${FAKE_KEY} curl -X POST https://deploy.example.com/v1/release --data-binary @dist/app.tar.gz`;
const GROUP_WINDOW_MS = 3000;

let home: AutoConfirmHome | undefined;
afterEach(() => {
  home?.dispose();
  home = undefined;
});

it('an escalated permission request reaches the outbox within the group window, secret redacted', async () => {
  home = new AutoConfirmHome({ allow: ['Bash(npm test)'], deny: [], ask: [], leaseTtlMs: 2000 });
  const h = home;
  h.start([{ name: 'w1', agent: 'claude', script: permissionScript({ release: { tool: 'Bash', command: COMMAND, description: 'Release' } }) }]);
  // Add the sms section to the config the harness wrote (no transport configured: the log one).
  const configFile = path.join(h.home, 'architect.config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(configFile, JSON.stringify({ ...config, sms: { groupWindowMs: GROUP_WINDOW_MS, pollMs: 200, statusIntervalMinutes: 0 } }));
  await h.ready('w1');
  const sms = new SmsDaemonProcess({ ...h.env, ...NO_SMS_ENV, LOG_LEVEL: 'info' });
  const ac = await h.daemon();
  try {
    await waitFor('sms-updates ready', () => /"msg":"ready"/.test(sms.stdout) || sms.child.exitCode !== null, { timeoutMs: 15_000 });
    h.ask('w1', 'release');
    const alert = await waitFor('the escalation alert', () => listAlerts(h.db).find((a) => a.kind === 'permission_escalated'), { timeoutMs: 15_000 });
    expect(h.interactions('w1').some((r) => r.outcome === 'escalate')).toBe(true);
    const message = await waitFor('the alert message in the outbox', () => listSms(h.db).find((m) => m.kind === 'alert'), { timeoutMs: GROUP_WINDOW_MS + 15_000 });
    // Held for the group window, then queued at the first pass after it (generous slack: shared CPU).
    const delay = message.createdAt - alert.createdAt;
    expect(delay).toBeGreaterThanOrEqual(GROUP_WINDOW_MS);
    expect(delay).toBeLessThan(GROUP_WINDOW_MS + 5000);
    expect(message.alertIds).toEqual([alert.id]);
    expect(message.body).toMatch(/^Architect \d\d:\d\d: alert\nw1: needs you - bash OPENAI_API_KEY=REDACTED curl -X POST/i);
    expect(message.body).not.toContain(FAKE_KEY);
    expect(message.body).not.toContain('Zx9Zx9');
    // The log transport "sends" it; what it writes carries no secret either.
    await waitFor('the message sent', () => listSms(h.db).find((m) => m.id === message.id && m.status === 'sent'), { timeoutMs: 10_000 });
    await waitFor('the log line', () => sms.stdout.includes('log transport'), { timeoutMs: 5000 });
    expect(sms.stdout).not.toContain(FAKE_KEY);
    h.tmux.run('send-keys', '-t', '=w1:', 'Escape');
  } finally {
    await ac.stop();
    expect(await sms.kill('SIGINT')).toEqual({ code: 0, signal: null });
  }
});
