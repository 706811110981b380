/**
 * The pre-type process check against the worst case: a pane whose screen is a perfectly idle
 * Claude (the agent's last frame, and a shell with an empty prompt under it) while bash is the
 * foreground. The detector reads idle; only the process table knows. Real tmux, real /proc.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '@architect/core';
import { claimPrompt, enqueuePrompt, getPrompt, getSession, maxHookEventId, promptHistory } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { identityResolver, paneAgentCheck } from '@architect/sessions';
import { classifyScreen, TmuxDriver } from '@architect/tmux';
import { TmuxServer } from '../../../test/support/tmuxServer';
import { waitFor } from '../../../test/support/waitFor';
import { deliverPrompt, type DeliverySettings } from './deliverPrompt';

const IDLE_SCREEN = path.resolve(import.meta.dirname, '../../../packages/tmux/fixtures/screens/claude2-idle.txt');
const settings: DeliverySettings = { enterDelayMs: 50, enterRetries: 1, literalMaxBytes: 1024, confirmTimeoutMs: 1000, retryDelayMs: 0 };

let db: TempDb;
let tmux: TmuxServer;
let driver: TmuxDriver;
let dir: string;

beforeEach(() => {
  db = tempDb();
  tmux = new TmuxServer('arch-guard');
  driver = new TmuxDriver({ socket: tmux.socket });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-guard-'));
  fs.writeFileSync(path.join(dir, 'rc'), "PS1=''\n");
});
afterEach(() => {
  tmux.kill();
  db.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A "Claude" session whose agent is gone: its idle screen on display, bash (no prompt) in the foreground. */
async function exitedClaude(name: string): Promise<void> {
  tmux.newSession(name, ['bash', '--norc', '--noprofile', '-c', `cat '${IDLE_SCREEN}'; exec bash --rcfile '${path.join(dir, 'rc')}' -i`], { cwd: dir, width: 120, height: 40 });
  await waitFor('idle-looking screen', async () => classifyScreen('claude', await driver.capture(name)).state === 'idle');
  db.sqlite.prepare("INSERT INTO sessions (name, provider, state) VALUES (?, 'claude', 'idle')").run(name);
}

async function deliver(session: string, content: string, guarded: boolean) {
  const id = enqueuePrompt(db, { content }, Date.now());
  const claim = claimPrompt(db, { promptId: id, session, now: Date.now(), lockTtlMs: 60_000 });
  if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
  const checkAgent = guarded ? paneAgentCheck(driver, identityResolver([])) : undefined;
  const deps = { db, terminal: driver, clock: systemClock, log: silentLogger(), settings, checkAgent };
  return { id, result: await deliverPrompt(deps, { prompt: claim.prompt, session, provider: 'claude', hookMark: maxHookEventId(db) }) };
}

describe('the pre-type process check', () => {
  it('types nothing into a shell that looks like an idle Claude; the prompt goes back uncounted', async () => {
    await exitedClaude('c1');
    const proof = path.join(dir, 'typed-into-shell');
    const { id, result } = await deliver('c1', `echo X > '${proof}'`, true);
    expect(result).toMatchObject({ outcome: 'released', reason: expect.stringMatching(/agent not running \(foreground: bash/) });
    expect(getPrompt(db, id)).toMatchObject({ status: 'pending', attempts: 0, delivery: null });
    expect(promptHistory(db, id).map((h) => h.action)).toEqual(['queued', 'assigned', 'released']);
    // Recorded for routing: the session is exited, not idle.
    expect(getSession(db, 'c1')).toMatchObject({ state: 'exited', stateSource: 'process', processState: 'exited' });
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.existsSync(proof)).toBe(false);
    expect(tmux.capture('=c1:')).not.toContain('echo X');
  });

  it('waits for an agent that just started to draw: released uncounted, then delivered once it ran the warm-up', async () => {
    const record = path.join(dir, 'fresh.jsonl');
    const fake = path.resolve(import.meta.dirname, '../../../test/fake-agents/claude.mjs');
    // Its predecessor's idle screen stays on display while the new agent starts (as when a user
    // types `claude` again in the shell the last one left).
    tmux.newSession('fresh', ['bash', '--norc', '--noprofile', '-c', `cat '${IDLE_SCREEN}'; sleep 0.3; exec node '${fake}' --no-hooks --record '${record}'`], { cwd: dir, width: 120, height: 40 });
    db.sqlite.prepare("INSERT INTO sessions (name, provider, state) VALUES ('fresh', 'claude', 'idle')").run();
    await waitFor('the agent process', async () => (await driver.paneProcess('fresh')).currentCommand === 'node');
    const first = await deliver('fresh', 'hello early', true);
    expect(first.result).toMatchObject({ outcome: 'released', reason: expect.stringMatching(/agent started \d+ ms ago/), retryInMs: expect.any(Number) });
    expect(getPrompt(db, first.id)).toMatchObject({ status: 'pending', attempts: 0, delivery: null });
    expect(getSession(db, 'fresh')?.state).toBe('idle'); // not marked exited: it is the agent
    await new Promise((r) => setTimeout(r, (first.result as { retryInMs: number }).retryInMs + 50));
    const claim = claimPrompt(db, { promptId: first.id, session: 'fresh', now: Date.now(), lockTtlMs: 60_000 });
    if (!claim.ok) throw new Error(claim.reason);
    const deps = { db, terminal: driver, clock: systemClock, log: silentLogger(), settings, checkAgent: paneAgentCheck(driver, identityResolver([])) };
    const second = await deliverPrompt(deps, { prompt: claim.prompt, session: 'fresh', provider: 'claude', hookMark: maxHookEventId(db) });
    expect(second).toMatchObject({ outcome: 'submitted' });
    await waitFor('the agent got it', () => fs.readFileSync(record, 'utf8').includes('"text":"hello early"'));
  });

  it('(the hazard it prevents: without the check the same screen takes the text, and bash runs it)', async () => {
    await exitedClaude('c2');
    const proof = path.join(dir, 'typed-into-shell');
    await deliver('c2', `echo X > '${proof}'`, false);
    await waitFor('bash ran the prompt', () => fs.existsSync(proof));
  });
});
