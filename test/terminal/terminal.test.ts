/**
 * `architect terminal` end to end, in real tmux: two fake Claude Code agents on their own private
 * server with the built assigner daemon (which hosts the sessions watcher), and the UI running in
 * an interactive bash on a second private server, driven by send-keys and read by capture-pane.
 */
import { afterEach, expect, it } from 'vitest';
import { readJsonLines, SessionRig } from '../sessions/sessionRig';
import { AssignerRig, type AssignerProcess } from '../assigner/assignerRig';
import { waitFor } from '../support/waitFor';
import { PS1, TerminalUi } from './terminalUi';

let rig: SessionRig | undefined;
let proc: AssignerProcess | undefined;
let ui: TerminalUi | undefined;
afterEach(async () => {
  ui?.kill();
  await proc?.kill('SIGKILL');
  await rig?.dispose();
  rig = proc = ui = undefined;
});

const SCRIPT = {
  default: { workMs: 400, reply: 'done: {prompt}' },
  rules: [{ exact: 'needs-permission', steps: [{ permission: { tool: 'Bash', command: 'npm test', description: 'Run tests' } }], reply: 'tests ran' }],
};

it('shows the fleet live, sends a prompt, approves a dialog, fits 80x24, jumps to a pane and gives the shell back on quit', async () => {
  const r = new AssignerRig('term');
  rig = r;
  r.writeConfig(
    ['w1', 'w2'].map((name) => ({ name, provider: 'claude' as const, hooks: false, command: r.fake('claude', name, SCRIPT) })),
    { assigner: { pollMs: 250, settleMs: 1500, retryDelayMs: 200 } },
  );
  r.up();
  for (const s of ['w1', 'w2']) await r.waitForRecord(s, `${s} started`, (e) => e.event === 'start', 15_000);
  proc = r.start();
  await proc.ready();

  ui = new TerminalUi(r.env);
  await ui.open();
  // The sessions appear with the state the watcher read from their screens.
  await ui.screenShows('both sessions idle', /› w1\s+idle[\s\S]*\n  w2\s+idle/);

  // Send a prompt from the form (the selected session, w1, is the default target).
  ui.type('s');
  await ui.screenShows('the send form', /Send a prompt/);
  ui.type('hello from the terminal');
  ui.key('Enter');
  await ui.screenShows('queued message', /queued prompt \d+/);
  await r.waitForRecord('w1', 'the prompt reaching w1', (e) => e.event === 'prompt' && e.text === 'hello from the terminal', 20_000);
  // Its completion shows without a keypress: the change signal redraws the queue and the counters.
  await ui.screenShows('the completed prompt', /done\s+#\d+\s+p0\s+w1\s+hello from the terminal/, 20_000);
  await ui.screenShows('w1 counted one completion', /w1\s+idle\s+\S+\s+✓1 ✗0/);

  // A dialog nobody approves automatically waits for a human: approve it once from Needs you.
  r.enqueue({ content: 'needs-permission', targetSession: 'w2' });
  await ui.screenShows('w2 waiting in Needs you', /w2\s+waiting\s+\S+\s+bash: npm test/, 20_000);
  ui.type('2');
  await waitFor('the approve question', async () => {
    ui!.type('a');
    await new Promise((res) => setTimeout(res, 300));
    if (/Approve once bash: npm test on w2\? y\/n/.test(ui!.screen())) return true;
    if (/no dialog to approve/.test(ui!.screen())) return false; // the live dialog is still being read
    return false;
  }, { timeoutMs: 15_000, intervalMs: 500 });
  ui.type('y');
  await ui.screenShows('the answer reported', /approved on w2: /);
  const answer = await r.waitForRecord('w2', 'the dialog answered', (e) => e.event === 'permission-answer', 15_000);
  expect(answer).toMatchObject({ outcome: 'allow', choice: 1 });
  await r.waitForRecord('w2', 'w2 continuing to the end of its turn', (e) => e.event === 'turn-end' && e.outcome === 'done', 15_000);
  const db = (r as AssignerRig).db;
  expect(db.sqlite.prepare("SELECT outcome, via, rule, command FROM interactions WHERE session_name = 'w2' AND via = 'terminal'").all()).toEqual([
    { outcome: 'approve', via: 'terminal', rule: 'human', command: 'npm test' },
  ]);
  const audit = db.sqlite.prepare('SELECT actor, action, target FROM audit_log ORDER BY id').all() as { actor: string; action: string; target: string | null }[];
  expect(audit.map((a) => a.action)).toEqual(['POST send', 'POST approve']);
  expect(audit.every((a) => a.actor.startsWith('terminal:'))).toBe(true);
  await ui.screenShows('Needs you empty again', /nobody is waiting for you/, 20_000);

  // 80x24: every panel title, the rows and the footer still fit, one frame, nothing left over.
  ui.resize(80, 24);
  const TITLES = [/^Architect │/, /^1 Sessions \(2\)/, /^2 Needs you/, /^3 Queue/, /^ {2}Screen: /, /^approved on w2: /];
  const small = await waitFor('a readable 80x24 frame', () => {
    const lines = ui!.screen().replace(/\n$/, '').split('\n');
    // w2's completion may still be on its way (screen idle → the assigner completes the prompt).
    const settled = /› w1\s+idle\s+\S+\s+✓1 ✗0\n {2}w2\s+idle\s+\S+\s+✓1 ✗0/.test(lines.join('\n'));
    const ok = settled && lines.length <= 24 && lines.every((l) => [...l].length <= 80) && TITLES.every((t) => lines.filter((l) => t.test(l)).length === 1);
    return ok ? lines : undefined;
  }, { timeoutMs: 20_000, intervalMs: 100 }).catch((err: Error) => {
    throw new Error(`${err.message}\n--- screen ---\n${ui!.screen()}`);
  });
  expect(small[0]).toMatch(/^Architect │ 2 idle 0 busy/);
  expect(small.findIndex((l) => /^approved on w2: /.test(l))).toBe(22);
  expect(small.join('\n')).toMatch(/done\s+#1\s+p0\s+w1\s+hello from the terminal/);

  // Enter jumps into w1's pane: outside Architect's tmux server the UI steps aside for a nested
  // `tmux attach`; detaching (prefix d) brings it back, redrawn.
  ui.type('1');
  ui.key('Enter');
  await waitFor('w1\'s pane in the nested client', () => !/^1 Sessions/m.test(ui!.screen()) && /⏺ done: hello from the terminal/.test(ui!.screen()), { timeoutMs: 15_000, intervalMs: 100 });
  ui.key('C-b');
  ui.key('d');
  await ui.screenShows('the UI back after detaching', /^back from w1$/m, 15_000);
  await ui.screenShows('the UI redrawn', /^1 Sessions \(2\)/m);

  // q leaves the alternate screen and the shell prompt is back.
  ui.type('q');
  await waitFor('the shell prompt after quitting', () => ui!.lastLine() === PS1.trim(), { timeoutMs: 10_000 });
  expect(ui.alternateScreen()).toBe(false);
  expect(readJsonLines(r.record('w1')).filter((e) => e.event === 'key' && e.state === 'busy')).toEqual([]);
}, 180_000);

it('restores the terminal on SIGINT from outside', async () => {
  rig = new SessionRig('termsig');
  ui = new TerminalUi(rig.env, { width: 80, height: 24 });
  await ui.open();
  expect(ui.alternateScreen()).toBe(true);
  process.kill(ui.uiPid(), 'SIGINT');
  await waitFor('the shell prompt after SIGINT', () => ui!.lastLine() === PS1.trim(), { timeoutMs: 10_000 });
  expect(ui.alternateScreen()).toBe(false);
  // Raw mode is off again: the shell echoes what is typed and runs it.
  ui.type('echo tty-ok-$((6*7))');
  ui.key('Enter');
  await ui.screenShows('the shell running a command', /^tty-ok-42$/m);
}, 60_000);

it('refuses to start without a terminal (exit 2) and touches nothing', () => {
  rig = new SessionRig('termnotty');
  const r = rig.cli(['terminal'], '');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/needs an interactive terminal/);
  expect(r.stdout).toBe('');
});
