/**
 * The fake agent CLIs, driven through a real (private) tmux server the way Architect drives
 * the real agents: `send-keys -l` + `Enter`, bracketed paste from a tmux buffer, keys for
 * dialogs, `capture-pane -p` to read the screen, plus the fakes' own record files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { FakeAgentRig, readJsonLines, type FakeAgent } from './harness';

let rig: FakeAgentRig;
let dir: string;

beforeEach(() => {
  rig = new FakeAgentRig('fake');
  dir = rig.dir;
});

afterEach(async () => {
  await rig.stop();
});

const start = (agent: FakeAgent, script: object, args: string[] = []) => rig.start(agent, script, args);

const QUICK = { default: { workMs: 400, reply: 'done: {prompt}' } };
const PERMISSION = {
  default: { workMs: 300, reply: 'done: {prompt}' },
  rules: [
    {
      match: 'needs-permission',
      steps: [
        { work: 200 },
        { permission: { tool: 'Bash', command: 'npm test', description: 'Run tests' } },
        { work: 200 },
      ],
      reply: 'tests ran',
    },
  ],
};

/** Appends every hook payload it receives (one JSON per line) to `file`. */
function appendHook(file: string): string {
  const js = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>require('fs').appendFileSync(${JSON.stringify(file)},s+'\\n'))`;
  return `${JSON.stringify(process.execPath)} -e ${JSON.stringify(js)}`;
}


describe('claude.mjs (2.x layout)', () => {
  it('goes idle → busy with a ticking spinner → idle, and records the exact prompt', async () => {
    const a = start('claude', { default: { workMs: 2200, reply: 'done: {prompt}' } });
    await a.screenShows(/^❯ ?$/m);
    expect(a.classify().state).toBe('idle');

    a.type('hello there');
    await a.screenShows(/^❯ hello there$/m);
    expect(a.classify().state).toBe('idle');
    a.keys('Enter');

    await a.screenShows(/✻ Thinking… \(1s · esc to interrupt\)/);
    const busy = a.screen();
    expect(busy).toMatch(/^> hello there$/m);
    expect(busy).toMatch(/^❯ ?$/m); // the empty composer stays visible while working
    expect(busy).toMatch(/\? for shortcuts/);
    expect(a.classify().state).toBe('busy');

    await a.event('turn-end');
    await a.screenShows(/^⏺ done: hello there$/m);
    expect(a.screen()).not.toMatch(/esc to interrupt/);
    expect(a.classify().state).toBe('idle');
    expect(a.events().find((e) => e.event === 'prompt')?.text).toBe('hello there');
  });

  it('shows a permission dialog, ignores keys right after it appears, and proceeds on `1`', async () => {
    const a = start('claude', PERMISSION, ['--dialog-ignore-ms', '1500']);
    await a.screenShows(/^❯/m);
    a.type('please run needs-permission');
    a.keys('Enter');
    const shown = await a.event('permission-shown');
    expect(shown).toMatchObject({ tool: 'Bash', tool_input: { command: 'npm test', description: 'Run tests' } });

    const dialog = await a.screenShows(/Esc to cancel/);
    expect(dialog).toMatch(/^ Bash command$/m);
    expect(dialog).toMatch(/^ {3}npm test$/m);
    expect(dialog).toMatch(/^ Do you want to proceed\?$/m);
    expect(dialog).toMatch(/^ ❯ 1\. Yes$/m);
    expect(dialog).toMatch(/^ {3}2\. Yes, and don't ask again for npm test commands in /m);
    expect(dialog).toMatch(/^ {3}3\. No, and tell Claude what to do differently \(esc\)$/m);
    expect(dialog).not.toMatch(/^❯ ?$/m); // the composer is replaced by the dialog
    const c = a.classify();
    expect(c.state).toBe('permission');
    expect(c.prompt).toMatchObject({ tool: 'bash', command: 'npm test', complete: true });

    // Inside the ignore window the key does nothing (and is recorded as such).
    a.keys('1');
    await waitFor('ignored key', () => a.events().find((e) => e.event === 'key' && e.state === 'dialog-ignored'));
    expect(a.events().some((e) => e.event === 'permission-answer')).toBe(false);

    await waitFor('ignore window over', () => Date.now() - shown.t > 1600);
    a.keys('1');
    expect(await a.event('permission-answer')).toMatchObject({ choice: 1, label: 'Yes', key: '1' });
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'done', reply: 'tests ran' });
    const after = await a.screenShows(/^⏺ tests ran$/m);
    expect(after).toMatch(/^⏺ Bash\(npm test\)$/m);
    expect(a.classify().state).toBe('idle');
  });

  it('Up/Down move the cursor; Esc answers No and interrupts the turn', async () => {
    const a = start('claude', PERMISSION, ['--dialog-ignore-ms', '0']);
    await a.screenShows(/^❯/m);
    a.type('needs-permission');
    a.keys('Enter');
    await a.screenShows(/Esc to cancel/);
    a.keys('Down');
    await a.screenShows(/^ ❯ 2\. Yes, and don't ask/m);
    expect(a.classify().prompt?.selected).toBe(1);
    a.keys('Escape');
    expect(await a.event('permission-answer')).toMatchObject({ choice: 3, outcome: 'reject' });
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'rejected' });
    await a.screenShows(/Interrupted · What should Claude do instead\?/);
    expect(a.classify().state).toBe('idle');
  });

  it('takes a bracketed paste with newlines as one prompt, byte-exact', async () => {
    const a = start('claude', QUICK);
    await a.screenShows(/^❯/m);
    const text = 'first line "quoted" \'single\' $(rm -rf /) `tick`\n-leading dash C-c Enter\nünïcödé 日本語 🚀🎉\n\ttab';
    a.paste(text);
    await a.screenShows(/\[Pasted text #1 \+3 lines\]/);
    expect(a.events().some((e) => e.event === 'prompt')).toBe(false); // newlines did not submit
    a.keys('Enter');
    const prompt = await a.event('prompt');
    expect(prompt.text).toBe(text);
    await a.event('turn-end');
    expect(a.events().filter((e) => e.event === 'prompt')).toHaveLength(1);
  });

  it('reassembles a large paste that arrives in many reads', async () => {
    const a = start('claude', QUICK);
    await a.screenShows(/^❯/m);
    const line = (i: number) => `${i}: ünïcödé 🚀 "q" $(x) \\ \t tab ${'x'.repeat(i % 50)}`;
    const text = Array.from({ length: 400 }, (_, i) => line(i)).join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(20_000);
    a.paste(text);
    await a.screenShows(/\[Pasted text #1 \+399 lines\]/);
    a.keys('Enter');
    expect((await a.event('prompt')).text).toBe(text);
  });

  it('takes tricky single-line text typed with send-keys -l byte-exact', async () => {
    const a = start('claude', QUICK);
    await a.screenShows(/^❯/m);
    const text = '-n "$(echo hi)" C-c Enter é 🚀 \'q\' ; && | $HOME';
    a.type(text);
    await a.screenShows(/🚀/);
    a.keys('Enter');
    expect((await a.event('prompt')).text).toBe(text);
  });

  it('--strict-enter: an Enter glued to typed text is a newline; after a pause it submits', async () => {
    const a = start('claude', QUICK, ['--strict-enter', '100']);
    await a.screenShows(/^❯/m);
    a.keys('hello', 'Enter'); // one write: "hello\r", what a single send-keys call produces
    await waitFor('Enter taken as newline', () => a.events().find((e) => e.event === 'key' && e.state === 'as-newline'));
    expect(a.events().some((e) => e.event === 'prompt')).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    a.keys('Enter');
    expect((await a.event('prompt')).text).toBe('hello\n');
  });

  it('records keys typed while busy and queues an Enter-ed message for after the turn', async () => {
    const a = start('claude', { default: { workMs: 1500, reply: 'r{n}' } });
    await a.screenShows(/^❯/m);
    a.type('first');
    a.keys('Enter');
    await a.screenShows(/esc to interrupt/);
    a.type('second');
    a.keys('Enter');
    const busyKeys = await waitFor('busy keys', () => {
      const keys = a.events().filter((e) => e.event === 'key' && e.state === 'busy');
      return keys.length >= 2 ? keys : undefined;
    });
    expect(busyKeys.map((k) => k.key)).toEqual(['text', 'Enter']);
    await a.screenShows(/⎿ {2}Queued: second/);
    expect(a.classify().state).toBe('busy');
    const second = await a.event('prompt', 2);
    expect(second).toMatchObject({ text: 'second', queued: true });
    expect(await a.event('turn-end', 2)).toMatchObject({ reply: 'r2' });
  });

  it('Esc interrupts a hanging turn', async () => {
    const a = start('claude', { default: { hang: true } });
    await a.screenShows(/^❯/m);
    a.type('hang forever');
    a.keys('Enter');
    await a.screenShows(/esc to interrupt/);
    a.keys('Escape');
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'interrupted' });
    await a.screenShows(/⎿ {2}Interrupted by user/);
    expect(a.classify().state).toBe('idle');
  });

  it('exits mid-turn when the script says so (a crash)', async () => {
    const a = start('claude', { default: { steps: [{ work: 200 }, { exit: 3 }] } });
    await a.screenShows(/^❯/m);
    a.type('crash please');
    a.keys('Enter');
    expect(await a.event('exit')).toMatchObject({ code: 3, crashed: true });
    await waitFor('session gone', () => !rig.tmux.hasSession('agent'));
  });
});

describe('claude.mjs startup and reject variants', () => {
  it('--trust-dialog asks first (a dialog the detectors must not take for a permission prompt)', async () => {
    const a = start('claude', QUICK, ['--trust-dialog', '--dialog-ignore-ms', '0']);
    const trust = await a.screenShows(/Do you trust the files in this folder\?/);
    expect(trust).toMatch(/^ ❯ 1\. Yes, proceed$/m);
    expect(a.classify().state).toBe('unknown');
    a.keys('Enter');
    await a.screenShows(/^❯ ?$/m);
    expect(a.classify().state).toBe('idle');
    expect(a.events().find((e) => e.event === 'permission-shown')).toMatchObject({ kind: 'trust' });
  });

  it('onReject "deny" turns a No into a finished turn with the denied reply', async () => {
    const a = start('claude', {
      rules: [{ match: 'x', steps: [{ permission: { tool: 'Bash', command: 'rm -rf build' }, onReject: 'deny' }], deniedReply: 'ok, not deleting' }],
    }, ['--dialog-ignore-ms', '0']);
    await a.screenShows(/^❯/m);
    a.type('x');
    a.keys('Enter');
    await a.screenShows(/Esc to cancel/);
    a.keys('3');
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'denied', reply: 'ok, not deleting' });
  });
});

describe('claude.mjs (1.x layout)', () => {
  it('draws the boxed composer and boxed dialog', async () => {
    const a = start('claude', PERMISSION, ['--layout', '1', '--dialog-ignore-ms', '0']);
    await a.screenShows(/^│ > +│$/m);
    expect(a.classify()).toMatchObject({ state: 'idle', detail: 'claude1' });
    a.type('needs-permission');
    a.keys('Enter');
    const dialog = await a.screenShows(/│ Do you want to proceed\? +│/);
    expect(dialog).toMatch(/│ ❯ 1\. Yes +│/);
    expect(a.classify()).toMatchObject({ state: 'permission', prompt: { tool: 'bash', command: 'npm test' } });
    a.keys('1');
    await a.event('turn-end');
    await a.screenShows(/^│ > +│$/m);
  });
});

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

describe('turn scripts', () => {
  it('rules with `times` apply that often; long output scrolls and the screen still reads idle', async () => {
    const a = start('claude', {
      default: { workMs: 50, reply: 'second try ok' },
      rules: [
        { match: 'flaky', times: 1, hang: true },
        { match: 'long', steps: [{ output: { lines: 300, text: 'row {i} of the log' } }], reply: 'printed' },
      ],
    });
    await a.screenShows(/^❯/m);
    a.type('flaky job');
    a.keys('Enter');
    await a.screenShows(/esc to interrupt/);
    a.keys('Escape');
    expect(await a.event('turn-end')).toMatchObject({ outcome: 'interrupted' });
    a.type('flaky job');
    a.keys('Enter');
    expect(await a.event('turn-end', 2)).toMatchObject({ outcome: 'done', reply: 'second try ok' });

    a.type('long please');
    a.keys('Enter');
    await a.event('turn-end', 3);
    const screen = await a.screenShows(/^⏺ printed$/m);
    expect(screen).toMatch(/^ {2}row 300 of the log$/m);
    expect(a.classify().state).toBe('idle');
  });
});

describe('codex.mjs', () => {
  it('works, asks to run a command, and proceeds on `y`', async () => {
    const a = start('codex', { ...PERMISSION, default: { workMs: 1100, reply: 'done' } });
    // an empty composer shows a dim example prompt, like Codex
    await a.screenShows(/^› Find and fix a bug in @filename$/m);
    expect(a.classify().state).toBe('idle');
    a.type('warm up');
    a.keys('Enter');
    await a.event('turn-end');
    await a.screenShows(/^─ Worked for 1s ─+$/m);
    a.type('needs-permission');
    a.keys('Enter');
    await a.screenShows(/• Working \(\d+s • esc to interrupt\)/);
    expect(a.classify().state).toBe('busy');
    const dialog = await a.screenShows(/Press enter to confirm or esc to cancel/);
    expect(dialog).toMatch(/^ {2}Would you like to run the following command\?$/m);
    expect(dialog).toMatch(/^ {2}\$ npm test$/m);
    expect(dialog).toMatch(/^› 1\. Yes, proceed \(y\)$/m);
    expect(a.classify()).toMatchObject({ state: 'permission', prompt: { tool: 'bash', command: 'npm test' } });
    a.keys('y');
    expect(await a.event('permission-answer')).toMatchObject({ choice: 1, key: 'y' });
    await a.event('turn-end', 2);
    await a.screenShows(/^• tests ran$/m);
    expect(a.classify().state).toBe('idle');
  });
});

describe('aider.mjs', () => {
  it('streams while busy, asks before a shell command, and takes a multi-line paste', async () => {
    const a = start('aider', PERMISSION, ['--stream-ms', '5']);
    await a.screenShows(/^> ?$/m);
    expect(a.classify().state).toBe('idle');
    a.paste('needs-permission\nsecond line');
    await a.screenShows(/^second line$/m);
    a.keys('Enter');
    expect((await a.event('prompt')).text).toBe('needs-permission\nsecond line');
    const question = await a.screenShows(/Run shell command\? \(Y\)es\/\(N\)o\/\(D\)on't ask again \[Yes\]: ?$/m);
    expect(question).toMatch(/^npm test$/m);
    expect(a.classify()).toMatchObject({ state: 'permission', prompt: { tool: 'bash', command: 'npm test' } });
    a.type('y');
    a.keys('Enter');
    expect(await a.event('permission-answer')).toMatchObject({ choice: 1, label: 'Yes' });
    await a.event('turn-end');
    await a.screenShows(/^tests ran$/m);
    await waitFor('aider idle', () => a.classify().state === 'idle');
  });
});
