/**
 * The Claude fake's hooks: Claude Code's payloads, PermissionRequest decisions, timeouts, blocking.
 * Driven through a real (private) tmux server the way Architect drives the real agents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { readJsonLines } from './harness';
import { PERMISSION, QUICK, appendHook, dir, start, useFakeAgentRig } from './rigSetup';

useFakeAgentRig();

describe('claude.mjs hooks', () => {
  it('calls SessionStart, UserPromptSubmit, Notification, PermissionRequest and Stop with Claude payloads', async () => {
    const hookLog = path.join(dir, 'hooks.jsonl');
    const settings = path.join(dir, 'settings.json');
    const cmd = appendHook(hookLog);
    const hooks = Object.fromEntries(
      ['SessionStart', 'UserPromptSubmit', 'Notification', 'PermissionRequest', 'Stop', 'StopFailure'].map((event) => [
        event,
        [{ matcher: '', hooks: [{ type: 'command', command: cmd }] }],
      ]),
    );
    fs.writeFileSync(settings, JSON.stringify({ hooks }));
    const a = start('claude', PERMISSION, ['--settings', settings, '--dialog-ignore-ms', '0', '--session-id', 'sess-1']);
    await a.screenShows(/^❯/m);
    await waitFor('SessionStart', () => readJsonLines(hookLog).find((p) => p.hook_event_name === 'SessionStart'));

    a.type('needs-permission "q" $(x)');
    a.keys('Enter');
    await a.screenShows(/Esc to cancel/);
    a.keys('1');
    await a.event('turn-end');
    const payloads = await waitFor('Stop payload', () => {
      const all = readJsonLines(hookLog);
      return all.some((p) => p.hook_event_name === 'Stop') ? all : undefined;
    });
    const byEvent = (name: string) => payloads.find((p) => p.hook_event_name === name);
    const common = { session_id: 'sess-1', cwd: fs.realpathSync(dir) };
    expect(byEvent('SessionStart')).toMatchObject({ ...common, source: 'startup' });
    expect(byEvent('SessionStart')?.transcript_path).toMatch(/sess-1\.jsonl$/);
    expect(byEvent('UserPromptSubmit')).toMatchObject({
      ...common,
      permission_mode: 'default',
      prompt: 'needs-permission "q" $(x)',
    });
    expect(byEvent('PermissionRequest')).toMatchObject({
      ...common,
      tool_name: 'Bash',
      tool_input: { command: 'npm test', description: 'Run tests' },
    });
    expect(byEvent('Notification')).toMatchObject({
      ...common,
      notification_type: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
    });
    expect(byEvent('Stop')).toMatchObject({ ...common, stop_hook_active: false, last_assistant_message: 'tests ran' });
    const order = payloads.map((p) => p.hook_event_name);
    expect(order.indexOf('UserPromptSubmit')).toBeLessThan(order.indexOf('PermissionRequest'));
    expect(order.indexOf('PermissionRequest')).toBeLessThan(order.indexOf('Stop'));
  });

  it('a PermissionRequest hook that allows skips the dialog; one that denies stops with "denied"', async () => {
    const settings = path.join(dir, 'settings.json');
    const decide = (behavior: string) =>
      `echo '${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior, ...(behavior === 'deny' ? { message: 'not allowed' } : {}) } } })}'`;
    fs.writeFileSync(
      settings,
      JSON.stringify({
        hooks: {
          PermissionRequest: [
            { matcher: 'Bash', hooks: [{ type: 'command', command: decide('allow') }] },
            { matcher: 'Write', hooks: [{ type: 'command', command: decide('deny') }] },
          ],
        },
      }),
    );
    const script = {
      default: { workMs: 100, reply: 'ok' },
      rules: [
        { match: 'bash', steps: [{ permission: { tool: 'Bash', command: 'ls' } }], reply: 'listed' },
        { match: 'write', steps: [{ permission: { tool: 'Write', file_path: 'a.txt', content: 'x' } }], reply: 'wrote' },
      ],
    };
    const a = start('claude', script, ['--settings', settings]);
    await a.screenShows(/^❯/m);
    a.type('bash');
    a.keys('Enter');
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'done', reply: 'listed' });
    a.type('write');
    a.keys('Enter');
    expect(await a.event('turn-end', 2)).toMatchObject({ outcome: 'denied', reply: 'denied' });
    expect(a.events().some((e) => e.event === 'permission-shown')).toBe(false);
    expect(a.events().filter((e) => e.event === 'permission-hook').map((e) => e.behavior)).toEqual(['allow', 'deny']);
  });

  it('shows the dialog when the PermissionRequest hook times out, and fires StopFailure on an API error', async () => {
    const hookLog = path.join(dir, 'hooks.jsonl');
    const settings = path.join(dir, 'settings.json');
    fs.writeFileSync(
      settings,
      JSON.stringify({
        hooks: {
          PermissionRequest: [{ hooks: [{ type: 'command', command: 'sleep 5', timeout: 0.3 }] }],
          StopFailure: [{ matcher: 'rate_limit', hooks: [{ type: 'command', command: appendHook(hookLog) }] }],
        },
      }),
    );
    const script = {
      rules: [
        { match: 'ask', steps: [{ permission: { tool: 'Bash', command: 'make' } }], reply: 'made' },
        { match: 'fail', steps: [{ work: 100 }, { apiError: { error: 'rate_limit', details: '429 Too Many Requests' } }] },
      ],
    };
    const a = start('claude', script, ['--settings', settings, '--dialog-ignore-ms', '0']);
    await a.screenShows(/^❯/m);
    a.type('ask');
    a.keys('Enter');
    await a.event('permission-shown');
    expect(a.events().find((e) => e.event === 'hook')).toMatchObject({ hook: 'PermissionRequest', timedOut: true });
    a.keys('Enter');
    await a.event('turn-end');
    a.type('fail');
    a.keys('Enter');
    expect(await a.event('turn-end', 2)).toMatchObject({ outcome: 'error' });
    const failure = await waitFor('StopFailure', () => readJsonLines(hookLog)[0]);
    expect(failure).toMatchObject({ hook_event_name: 'StopFailure', error: 'rate_limit', error_details: '429 Too Many Requests' });
  });

  it('--no-hooks ignores the settings file', async () => {
    const hookLog = path.join(dir, 'hooks.jsonl');
    const settings = path.join(dir, 'settings.json');
    fs.writeFileSync(settings, JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: appendHook(hookLog) }] }] } }));
    const a = start('claude', QUICK, ['--settings', settings, '--no-hooks']);
    await a.screenShows(/^❯/m);
    a.type('x');
    a.keys('Enter');
    await a.event('turn-end');
    expect(fs.existsSync(hookLog)).toBe(false);
  });
});

describe('claude.mjs hook decisions', () => {
  it('UserPromptSubmit can block a prompt, PreToolUse can deny a tool, Stop can make Claude continue', async () => {
    const hookLog = path.join(dir, 'hooks.jsonl');
    const settings = path.join(dir, 'settings.json');
    const log = appendHook(hookLog);
    fs.writeFileSync(
      settings,
      JSON.stringify({
        hooks: {
          // exit 2 on a prompt containing "forbidden" blocks it, stderr is the reason
          UserPromptSubmit: [{ hooks: [{ type: 'command', command: `grep -q forbidden && { echo 'no forbidden words' >&2; exit 2; } || true` }] }],
          PreToolUse: [
            {
              matcher: 'Bash',
              hooks: [{ type: 'command', command: `echo '${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no shell' } })}'` }],
            },
          ],
          // block the first stop only (a real hook checks stop_hook_active the same way)
          Stop: [{ hooks: [{ type: 'command', command: `${log}; grep -q '"stop_hook_active":false' ${hookLog} && [ $(grep -c Stop ${hookLog}) -eq 1 ] && echo '{"decision":"block","reason":"run the linter too"}' || true` }] }],
          SessionEnd: [{ hooks: [{ type: 'command', command: log }] }],
        },
      }),
    );
    const script = {
      default: { workMs: 100, reply: 'plain' },
      rules: [{ match: 'shell', steps: [{ permission: { tool: 'Bash', command: 'ls' } }], reply: 'listed' }],
    };
    const a = start('claude', script, ['--settings', settings, '--stop-continue-ms', '50']);
    await a.screenShows(/^❯/m);

    a.type('a forbidden prompt');
    a.keys('Enter');
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'blocked' });
    await a.screenShows(/no forbidden words/);

    a.type('shell please');
    a.keys('Enter');
    // the Stop hook blocks once, so the turn's last word is the continuation
    expect(await a.event('turn-end', 2)).toMatchObject({ outcome: 'denied', reply: 'continued: run the linter too' });
    expect(a.events().some((e) => e.event === 'permission-shown')).toBe(false);
    await a.screenShows(/Error: no shell/);

    const stops = readJsonLines(hookLog).filter((p) => p.hook_event_name === 'Stop');
    expect(stops.map((p) => [p.stop_hook_active, p.last_assistant_message])).toEqual([
      [false, 'denied'],
      [true, 'continued: run the linter too'],
    ]);

    // Ctrl-C twice on an empty composer exits, running SessionEnd
    a.keys('C-c');
    await a.screenShows(/Press Ctrl-C again to exit/);
    a.keys('C-c');
    expect(await a.event('exit')).toMatchObject({ code: 0, reason: 'prompt_input_exit' });
    await waitFor('SessionEnd', () => readJsonLines(hookLog).find((p) => p.hook_event_name === 'SessionEnd'));
    expect(readJsonLines(hookLog).find((p) => p.hook_event_name === 'SessionEnd')).toMatchObject({ reason: 'prompt_input_exit' });
  });

  it('fires the idle_prompt Notification after the prompt has waited', async () => {
    const hookLog = path.join(dir, 'hooks.jsonl');
    const settings = path.join(dir, 'settings.json');
    fs.writeFileSync(settings, JSON.stringify({ hooks: { Notification: [{ matcher: 'idle_prompt', hooks: [{ type: 'command', command: appendHook(hookLog) }] }] } }));
    const a = start('claude', QUICK, ['--settings', settings, '--idle-notify-ms', '300']);
    await a.screenShows(/^❯/m);
    a.type('hi');
    a.keys('Enter');
    await a.event('turn-end');
    const note = await waitFor('idle notification', () => readJsonLines(hookLog)[0]);
    expect(note).toMatchObject({ notification_type: 'idle_prompt', message: 'Claude is waiting for your input' });
  });
});
