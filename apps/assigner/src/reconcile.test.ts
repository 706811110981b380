/**
 * The reconcile table, row by row, against real fake agents in tmux: a prompt left `assigned` by
 * a dead assigner at each delivery step, with what the session shows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '@architect/core';
import { claimPrompt, enqueuePrompt, getPrompt, promptHistory, setDelivery, type PromptRow } from '@architect/db';
import { getSession, recordHookEvent } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { TmuxDriver } from '@architect/tmux';
import { TmuxServer } from '../../../test/support/tmuxServer';
import { waitFor } from '../../../test/support/waitFor';
import type { DeliveryDeps } from './deliverPrompt';
import { reconcilePrompt } from './reconcile';

const FAKES = path.resolve(import.meta.dirname, '../../../test/fake-agents');

let db: TempDb;
let tmux: TmuxServer;
let driver: TmuxDriver;
let dir: string;
let deps: DeliveryDeps;

beforeEach(() => {
  db = tempDb();
  tmux = new TmuxServer('arch-reconcile');
  driver = new TmuxDriver({ socket: tmux.socket });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-reconcile-'));
  deps = {
    db,
    terminal: driver,
    clock: systemClock,
    log: silentLogger(),
    settings: { enterDelayMs: 50, enterRetries: 3, literalMaxBytes: 1024, confirmTimeoutMs: 3000, retryDelayMs: 0 },
  };
});
afterEach(() => {
  tmux.kill();
  db.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const events = (name: string) =>
  fs.existsSync(path.join(dir, `${name}.jsonl`))
    ? fs.readFileSync(path.join(dir, `${name}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; text?: string; state?: string })
    : [];

async function agent(name: string, provider: 'claude' | 'codex' | 'aider', script: object = { default: { workMs: 1500, reply: 'ok' } }, argv: string[] = []) {
  tmux.newSession(name, ['node', path.join(FAKES, `${provider}.mjs`), '--no-hooks', ...argv, '--record', path.join(dir, `${name}.jsonl`)], {
    cwd: dir,
    env: { FAKE_AGENT_SCRIPT: JSON.stringify(script) },
  });
  db.sqlite.prepare("INSERT INTO sessions (name, provider, state) VALUES (?, ?, 'idle')").run(name, provider);
  await waitFor(`${name} up`, () => events(name).some((e) => e.event === 'start'));
  await new Promise((r) => setTimeout(r, 300));
}

/** A prompt as a dead assigner left it: claimed, and moved to `step` at `at`. */
function leftAt(name: string, content: string, step: null | 'typing' | 'typed', at = Date.now() - 10_000): PromptRow {
  const id = enqueuePrompt(db, { content }, at);
  const claim = claimPrompt(db, { promptId: id, session: name, now: at, lockTtlMs: 60_000 });
  if (!claim.ok) throw new Error('claim failed');
  if (step) setDelivery(db, { promptId: id, session: name, from: null, to: 'typing', now: at, details: { hookMark: 0 } });
  if (step === 'typed') setDelivery(db, { promptId: id, session: name, from: 'typing', to: 'typed', now: at });
  return getPrompt(db, id)!;
}

const reconcile = (p: PromptRow) => reconcilePrompt(deps, p, getSession(db, p.assignedSession!)!);
const prompts = (name: string) => events(name).filter((e) => e.event === 'prompt').map((e) => e.text);

describe('reconcile', () => {
  it('nothing typed: released without counting', async () => {
    await agent('a', 'claude');
    const p = leftAt('a', 'hello', null);
    expect(await reconcile(p)).toBe('released');
    expect(getPrompt(db, p.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it.each([
    ['claude', 'half of a long sentence'],
    ['aider', 'multi\nline\ndraft'],
    ['codex', 'multi\nline\ndraft'],
  ] as const)('typing, %s composer holds text: cleared, released, never submitted', async (provider, typed) => {
    await agent('a', provider);
    const p = leftAt('a', `${typed} and the rest`, 'typing');
    if (typed.includes('\n')) await driver.pasteText('a', typed, { bracketed: true });
    else await driver.sendLiteral('a', typed);
    await new Promise((r) => setTimeout(r, 200));
    expect(await reconcile(p)).toBe('released');
    expect(getPrompt(db, p.id)).toMatchObject({ status: 'pending', attempts: 0, delivery: null });
    expect(promptHistory(db, p.id).at(-1)).toMatchObject({ action: 'released', details: { reason: 'reconcile: half-typed text cleared' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(prompts('a')).toEqual([]);
  });

  it('typing, composer empty: released (no Enter was ever sent)', async () => {
    await agent('a', 'codex');
    const p = leftAt('a', 'hello', 'typing');
    expect(await reconcile(p)).toBe('released');
  });

  it('typed, the whole text waits in the composer: Enter, once; the text is not typed again', async () => {
    await agent('a', 'aider');
    const text = 'the whole\nprompt text';
    const p = leftAt('a', text, 'typed');
    await driver.pasteText('a', text, { bracketed: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(await reconcile(p)).toBe('entered');
    expect(getPrompt(db, p.id)).toMatchObject({ status: 'in_progress', delivery: 'submitted' });
    await waitFor('submitted', () => prompts('a').length === 1);
    expect(prompts('a')).toEqual([text]);
  });

  it('typed, agent busy: it is working on it', async () => {
    await agent('a', 'claude');
    const p = leftAt('a', 'busy one', 'typed');
    await driver.sendLiteral('a', 'busy one');
    await driver.sendKey('a', 'Enter');
    await waitFor('busy', () => prompts('a').length === 1);
    expect(await reconcile(p)).toBe('submitted');
    expect(promptHistory(db, p.id).at(-1)).toMatchObject({ action: 'submitted', details: { via: 'reconcile:screen-busy' } });
  });

  it('typed, composer empty, agent without hooks: assumed taken (never typed twice)', async () => {
    await agent('a', 'codex');
    const p = leftAt('a', 'maybe done already', 'typed');
    expect(await reconcile(p)).toBe('submitted');
    expect(promptHistory(db, p.id).at(-1)).toMatchObject({ details: { via: 'reconcile:assumed' } });
  });

  it('typed, composer empty, agent with hooks and no UserPromptSubmit: never submitted, released after the grace', async () => {
    await agent('a', 'claude');
    recordHookEvent(db, { session: 'a', event: 'SessionStart', payload: { session_id: 'x' }, hookSessionId: 'x' }, Date.now());
    const recent = leftAt('a', 'lost in transit', 'typed', Date.now());
    // too young to judge: the dead process's Enter or its hook may still land
    expect(await reconcile(recent)).toBe('undecided');
    db.sqlite.prepare("UPDATE assignment_history SET created_at = created_at - 10000 WHERE prompt_id = ? AND action IN ('typing', 'typed')").run(recent.id);
    expect(await reconcile(recent)).toBe('released');
    expect(getPrompt(db, recent.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a UserPromptSubmit hook with our text: submitted, whatever the screen shows', async () => {
    await agent('a', 'claude');
    const p = leftAt('a', 'seen by the hook', 'typed');
    recordHookEvent(db, { session: 'a', event: 'UserPromptSubmit', payload: { prompt: 'seen by the hook' } }, Date.now());
    expect(await reconcile(p)).toBe('submitted');
    expect(promptHistory(db, p.id).at(-1)).toMatchObject({ details: { via: 'reconcile:hook' } });
  });
});
