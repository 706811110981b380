/**
 * Process truth end to end (issue #8): the built assigner daemon (watcher inside), real tmux,
 * the fake Claude. A Claude whose agent exits to a shell — (a) a configured command that falls
 * back to a shell, (b) a session the user started by hand (a shell, then the agent typed in it)
 * — is `exited`: the queued prompt stays queued and nothing is typed, proven by the file that
 * `echo X > <file>` would create. Exited, waiting and stuck sessions raise exactly one alert per
 * episode, also across a daemon restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { getPrompt, getSession, listSessionAlerts } from '@architect/db';
import { waitFor } from '../support/waitFor';
import { AssignerRig, type AssignerProcess } from './assignerRig';

let rig: AssignerRig | undefined;
let proc: AssignerProcess | undefined;
afterEach(async () => {
  await proc?.kill('SIGKILL');
  await rig?.dispose();
  rig = proc = undefined;
});

const FAST = {
  sessionOptions: { scanIntervalMs: 500 },
  sessionAlerts: { attentionAfterMs: 1500, busyQuietMs: 2500 },
  assigner: { pollMs: 200, retryDelayMs: 0 },
};
const state = (name: string) => getSession(rig!.db, name)?.state;
const alertsOf = (name: string, kind?: string) => listSessionAlerts(rig!.db, name).filter((a) => !kind || a.kind === kind);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quote = (argv: string[]) => argv.map((a) => `'${a}'`).join(' ');

/** The fake Claude exits the way a user quits it: Ctrl-C twice on an empty composer. */
async function quitAgent(name: string): Promise<void> {
  rig!.tmux.run('send-keys', '-t', `=${name}:`, 'C-c');
  await sleep(300);
  rig!.tmux.run('send-keys', '-t', `=${name}:`, 'C-c');
}

/** For `ms`, the proof file never appears and the prompt stays queued, unclaimed. */
async function staysQueued(id: number, proof: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect(fs.existsSync(proof), 'the prompt ran in a shell').toBe(false);
    expect(getPrompt(rig!.db, id)).toMatchObject({ status: 'pending', attempts: 0 });
    await sleep(100);
  }
}

it('(a) a configured command that falls back to a shell: exited, nothing typed, one alert per episode across a restart', async () => {
  rig = new AssignerRig('proc-a');
  // The worst case: the shell's prompt is empty, so the screen keeps showing Claude's idle composer.
  const rc = path.join(rig.home, 'rc');
  fs.writeFileSync(rc, "PS1=''\n");
  const command = `${quote(rig.fake('claude', 'c1', { default: { workMs: 100, reply: 'ok' } }))}; exec bash --rcfile '${rc}' -i`;
  rig.writeConfig([{ name: 'c1', provider: 'claude', hooks: false, command }], FAST);
  rig.up();
  await rig.waitForRecord('c1', 'c1 started', (e) => e.event === 'start');
  proc = rig.start();
  await proc.ready();
  await waitFor('c1 idle', () => state('c1') === 'idle');

  await quitAgent('c1');
  await waitFor('c1 exited', () => state('c1') === 'exited', { timeoutMs: 10_000 });
  // For a moment sh itself is the foreground, until it execs bash.
  await waitFor('bash in the foreground', () => /^bash/.test(getSession(rig!.db, 'c1')?.foreground ?? ''), { timeoutMs: 10_000 });
  expect(getSession(rig.db, 'c1')).toMatchObject({ state: 'exited', stateSource: 'process', processState: 'exited' });

  const proof = path.join(rig.home, 'typed-into-shell');
  const id = rig.enqueue({ content: `echo X > '${proof}'`, targetSession: 'c1' });
  await staysQueued(id, proof, 3000);

  const listed = rig.listJson().find((s) => s.name === 'c1')!;
  expect(listed).toMatchObject({ state: 'exited', process_state: 'exited' });
  expect(rig.cli(['sessions', 'list']).stdout).toMatch(/c1 .*exited \(bash\)/);

  await waitFor('one exited alert', () => alertsOf('c1', 'session_exited').length === 1, { timeoutMs: 10_000 });
  await sleep(1500); // three more scan passes
  expect(alertsOf('c1')).toHaveLength(1);
  expect(alertsOf('c1')[0]!.details).toMatchObject({ state: 'exited', foreground: expect.stringMatching(/^bash/) });

  // A restarted daemon knows the episode was alerted.
  await proc.kill('SIGKILL');
  proc = rig.start();
  await proc.ready();
  await sleep(2000);
  expect(alertsOf('c1')).toHaveLength(1);
  await staysQueued(id, proof, 500);
}, 90_000);

it('(b) a session the user started by hand: exited, nothing typed; the agent typed again takes the prompt; a new episode alerts again', async () => {
  rig = new AssignerRig('proc-b');
  const agent = rig.fake('claude', 'h1', { default: { workMs: 100, reply: 'ok' } });
  rig.writeConfig([{ name: 'h1', provider: 'claude', hooks: false, command: agent }], FAST);
  // By hand, as in the issue: a shell with a git-style prompt, then `claude` typed into it.
  const rc = path.join(rig.home, 'rc');
  fs.writeFileSync(rc, "PS1='dev@buildbox:~/projects/billing-service (main)$ '\n");
  rig.tmux.newSession('h1', ['bash', '--rcfile', rc, '-i'], { cwd: rig.work, width: 120, height: 40 });
  const startAgent = () => {
    rig!.tmux.run('send-keys', '-t', '=h1:', '-l', quote(agent));
    rig!.tmux.run('send-keys', '-t', '=h1:', 'Enter');
  };
  startAgent();
  await rig.waitForRecord('h1', 'h1 started', (e) => e.event === 'start');
  proc = rig.start();
  await proc.ready();
  await waitFor('h1 idle', () => state('h1') === 'idle');
  const hello = rig.enqueue({ content: 'hello', targetSession: 'h1' });
  await waitFor('found-running session driven', () => getPrompt(rig!.db, hello)?.status === 'completed', { timeoutMs: 15_000 });

  await quitAgent('h1');
  await waitFor('h1 exited', () => state('h1') === 'exited', { timeoutMs: 10_000 });
  const proof = path.join(rig.home, 'typed-into-shell');
  const id = rig.enqueue({ content: `echo X > '${proof}'`, targetSession: 'h1' });
  await staysQueued(id, proof, 3000);
  await waitFor('one exited alert', () => alertsOf('h1', 'session_exited').length === 1, { timeoutMs: 10_000 });

  // The user starts the agent again: the episode ends, the queued prompt goes to the agent (not the shell).
  startAgent();
  await waitFor('prompt delivered to the agent', () => getPrompt(rig!.db, id)?.status === 'completed', { timeoutMs: 15_000 });
  expect(rig.received(['h1']).map((r) => r.text)).toEqual(['hello', `echo X > '${proof}'`]);
  expect(fs.existsSync(proof)).toBe(false);
  expect(alertsOf('h1')).toHaveLength(1);

  await quitAgent('h1');
  await waitFor('second exited alert (new episode)', () => alertsOf('h1', 'session_exited').length === 2, { timeoutMs: 10_000 });
  await sleep(1500);
  expect(alertsOf('h1')).toHaveLength(2);
}, 90_000);

it('a session waiting for a human and one busy with no progress raise one alert each', async () => {
  rig = new AssignerRig('proc-stuck');
  const script = {
    default: { workMs: 100, reply: 'ok' },
    rules: [
      { match: 'ASK', steps: [{ work: 100 }, { permission: { tool: 'Bash', command: 'npm test', description: 'Run tests' } }], reply: 'ok' },
      { match: 'HANG', hang: true },
    ],
  };
  rig.writeConfig(
    [
      { name: 'w1', provider: 'claude', hooks: false, command: rig.fake('claude', 'w1', script) },
      { name: 'b1', provider: 'claude', hooks: false, command: rig.fake('claude', 'b1', script, ['--tick-ms', '200']) },
    ],
    FAST,
  );
  rig.up();
  await rig.waitForRecord('w1', 'w1 started', (e) => e.event === 'start');
  await rig.waitForRecord('b1', 'b1 started', (e) => e.event === 'start');
  proc = rig.start();
  await proc.ready();
  rig.enqueue({ content: 'ASK for permission', targetSession: 'w1' });
  rig.enqueue({ content: 'HANG forever', targetSession: 'b1' });
  await waitFor('w1 waits for a human', () => state('w1') === 'waiting_input', { timeoutMs: 15_000 });
  await waitFor('b1 busy', () => state('b1') === 'busy', { timeoutMs: 15_000 });

  await waitFor('waiting alert', () => alertsOf('w1', 'session_waiting').length === 1, { timeoutMs: 10_000 });
  // The spinner keeps repainting its elapsed time: that is not progress.
  await waitFor('stuck alert', () => alertsOf('b1', 'session_stuck').length === 1, { timeoutMs: 15_000 });
  expect(alertsOf('b1')[0]!.details).toMatchObject({ state: 'busy-quiet', screen: expect.stringContaining('HANG') });
  await sleep(2000);
  expect(alertsOf('w1')).toHaveLength(1);
  expect(alertsOf('b1')).toHaveLength(1);
  expect(alertsOf('w1')[0]!.details).toMatchObject({ state: 'waiting_input', screen: expect.stringContaining('npm test') });
}, 90_000);
