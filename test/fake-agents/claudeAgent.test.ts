/**
 * Claude Code fakes (2.x and 1.x layouts): turns, dialogs, paste and typed text, start-up variants.
 * Driven through a real (private) tmux server the way Architect drives the real agents.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { PERMISSION, QUICK, rig, start, useFakeAgentRig } from './rigSetup';

useFakeAgentRig();

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
  it('--trust-dialog asks first (a dialog for a human: tool other, never a tool permission)', async () => {
    const a = start('claude', QUICK, ['--trust-dialog', '--dialog-ignore-ms', '0']);
    const trust = await a.screenShows(/Do you trust the files in this folder\?/);
    expect(trust).toMatch(/^ ❯ 1\. Yes, proceed$/m);
    expect(a.classify()).toMatchObject({ state: 'permission', prompt: { tool: 'other', humanNeeded: 'trust' } });
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
