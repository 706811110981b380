/**
 * Turn scripts, and the Codex and Aider fakes.
 * Driven through a real (private) tmux server the way Architect drives the real agents.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { PERMISSION, start, useFakeAgentRig } from './rigSetup';

useFakeAgentRig();

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
