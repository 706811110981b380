import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '@architect/core';
import { claimPrompt, enqueuePrompt, getPrompt, maxHookEventId, promptHistory } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { TmuxDriver } from '@architect/tmux';
import { TmuxServer } from '../../../test/support/tmuxServer';
import { waitFor } from '../../../test/support/waitFor';
import { deliverPrompt, type DeliverySettings } from './deliverPrompt';

const FAKES = path.resolve(import.meta.dirname, '../../../test/fake-agents');
const settings: DeliverySettings = { enterDelayMs: 50, enterRetries: 3, literalMaxBytes: 1024, confirmTimeoutMs: 3000, retryDelayMs: 0 };

let db: TempDb;
let tmux: TmuxServer;
let driver: TmuxDriver;
let dir: string;

beforeEach(() => {
  db = tempDb();
  tmux = new TmuxServer('arch-deliver');
  driver = new TmuxDriver({ socket: tmux.socket });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-deliver-'));
});
afterEach(() => {
  tmux.kill();
  db.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function startAgent(name: string, provider: string, argv: string[]): string {
  const record = path.join(dir, `${name}.jsonl`);
  const script = JSON.stringify({ default: { workMs: 150, reply: 'ok' } });
  tmux.newSession(name, ['node', path.join(FAKES, `${provider === 'claude' ? 'claude' : provider}.mjs`), ...argv, '--record', record], {
    cwd: dir,
    env: { FAKE_AGENT_SCRIPT: script },
  });
  db.sqlite.prepare("INSERT INTO sessions (name, provider, state) VALUES (?, ?, 'idle')").run(name, provider);
  return record;
}

const submitted = (record: string) =>
  fs.existsSync(record)
    ? fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; text?: string; state?: string; key?: string })
    : [];

async function deliver(session: string, provider: string, content: string) {
  const id = enqueuePrompt(db, { content }, Date.now());
  const claim = claimPrompt(db, { promptId: id, session, now: Date.now(), lockTtlMs: 60_000 });
  if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
  const deps = { db, terminal: driver, clock: systemClock, log: silentLogger(), settings };
  const result = await deliverPrompt(deps, { prompt: claim.prompt, session, provider, hookMark: maxHookEventId(db) });
  return { id, result };
}

const NASTY = [
  'plain words',
  '-rf --force',
  `"double" and 'single' quotes, $(rm -rf ~) and \`backticks\` and $HOME`,
  'C-c Enter Escape C-m M-x',
  'a literal \\e[31m escape and \\x1b and \\n',
  'non-ASCII: café, 日本語, emoji 🚀, RTL שלום',
  'multi\nline\n\n  indented\tand tabbed',
  `long ${'x'.repeat(3000)} end`,
];

describe('deliverPrompt', () => {
  it.each([
    ['claude', ['--no-hooks']],
    ['claude', ['--layout', '1', '--no-hooks']],
    ['codex', []],
    ['aider', []],
  ])('%s %j: every text arrives once, byte for byte, and no key is typed while busy', async (provider, argv) => {
    const record = startAgent('w1', provider, argv);
    await waitFor('agent idle', async () => (await driver.capture('w1')).length > 0 && submitted(record).some((e) => e.event === 'start'));
    await new Promise((r) => setTimeout(r, 300));
    for (const text of NASTY) {
      const { id, result } = await deliver('w1', provider, text);
      expect(result.outcome, `${text.slice(0, 30)}: ${JSON.stringify(result)}`).toBe('submitted');
      expect(getPrompt(db, id)).toMatchObject({ status: 'in_progress', delivery: 'submitted' });
      await waitFor('turn end', () => submitted(record).filter((e) => e.event === 'turn-end').length === NASTY.indexOf(text) + 1, { timeoutMs: 5000 });
      // the next delivery needs the sessions row free again
      db.sqlite.prepare('UPDATE sessions SET current_prompt_id = NULL').run();
    }
    const events = submitted(record);
    expect(events.filter((e) => e.event === 'prompt').map((e) => e.text)).toEqual(NASTY);
    expect(events.filter((e) => e.event === 'key' && e.state === 'busy')).toEqual([]);
  }, 60_000);

  it('gives the prompt back, uncounted, when the agent is not ready', async () => {
    const record = startAgent('w1', 'claude', ['--no-hooks']);
    await waitFor('agent start', () => submitted(record).some((e) => e.event === 'start'));
    await new Promise((r) => setTimeout(r, 300));
    await driver.sendLiteral('w1', 'someone is typing here');
    const { id, result } = await deliver('w1', 'claude', 'hello');
    expect(result).toMatchObject({ outcome: 'released' });
    expect(getPrompt(db, id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(promptHistory(db, id).map((h) => h.action)).toEqual(['queued', 'assigned', 'released']);
  });
});
