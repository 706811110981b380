/**
 * Auto-confirm's screen path end to end: real tmux (private socket), fake Claude Code (2.x and
 * 1.x layouts) and Codex drawing real dialogs, the daemon built from apps/auto-confirm.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { architect } from '../support/cli';
import { waitFor } from '../support/waitFor';
import { AutoConfirmHome, permissionScript, type AgentSpec } from './harness';

// Over-broad allow rules on purpose: the built-in deny list must win over them.
const POLICY = {
  allow: ['Bash(npm test)', 'Bash(cat *)', 'Bash(git push *)', 'Bash(rm *)', 'Read', 'Edit'],
  deny: [],
  ask: [],
  leaseTtlMs: 2000,
};

const REQUESTS = {
  safe: { tool: 'Bash', command: 'npm test', description: 'Run the tests' },
  rmhome: { tool: 'Bash', command: 'rm -rf ~', description: 'Clean up' },
  force: { tool: 'Bash', command: 'git push --force origin main', description: 'Push' },
  sshkey: { tool: 'Bash', command: 'cat ~/.ssh/id_ed25519', description: 'Show key' },
  deploy: { tool: 'Bash', command: 'make deploy', description: 'Deploy' },
  twolines: { tool: 'Bash', command: 'npm test\nnpm test' },
  edit: { tool: 'Edit', file_path: 'src/a.ts', old_string: 'a', new_string: 'b' },
};

let home: AutoConfirmHome | undefined;
afterEach(() => {
  home?.dispose();
  home = undefined;
});

function claude(name: string, layout: '1' | '2' = '2'): AgentSpec {
  return { name, agent: 'claude', script: permissionScript(REQUESTS), args: ['--layout', layout] };
}

const answers = (h: AutoConfirmHome, name: string) => h.eventsOf(name, 'permission-answer');

/** Ask, wait for the turn to end, return the new permission answers. */
async function turn(h: AutoConfirmHome, name: string, prompt: string, n: number) {
  const before = answers(h, name).length;
  h.ask(name, prompt);
  const end = await h.turnEnded(name, n);
  return { end, answers: answers(h, name).slice(before) };
}

describe('auto-confirm screen path', () => {
  it('approves safe requests with the single-use Yes, denies dangerous ones, once per dialog (Claude 2.x, 1.x, Codex)', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([claude('c2'), claude('c1', '1'), { name: 'cx', agent: 'codex', script: permissionScript(REQUESTS) }]);
    await Promise.all(['c2', 'c1', 'cx'].map((n) => h.ready(n)));
    const d = await h.daemon();
    try {
      await Promise.all(
        ['c2', 'c1', 'cx'].map(async (name) => {
          const safe = await turn(h, name, 'safe', 1);
          expect(safe.end).toMatchObject({ outcome: 'done' });
          expect(safe.answers).toEqual([expect.objectContaining({ choice: 1, outcome: 'allow' })]);
          expect(String(safe.answers[0]!.label)).toMatch(/^Yes(, proceed \(y\))?$/);
          let n = 1;
          for (const bad of ['rmhome', 'force', 'sshkey']) {
            const r = await turn(h, name, bad, ++n);
            expect(r.end, `${name} ${bad}`).toMatchObject({ outcome: 'denied' });
            expect(r.answers).toEqual([expect.objectContaining({ outcome: 'reject' })]);
          }
          const edit = await turn(h, name, 'edit', ++n);
          if (name !== 'cx') expect(edit.answers).toEqual([expect.objectContaining({ choice: 1, label: 'Yes' })]);
        }),
      );
      for (const name of ['c2', 'c1', 'cx']) {
        const shown = h.eventsOf(name, 'permission-shown').length;
        const all = answers(h, name);
        // One answer per dialog, never the option that writes a permanent rule.
        expect(all).toHaveLength(shown);
        expect(all.some((a) => a.outcome === 'allow-always')).toBe(false);
        // Never a key the dialog did not understand.
        expect(h.eventsOf(name, 'key').filter((k) => k.state === 'dialog')).toEqual([]);
      }
      const rows = h.interactions().filter((r) => r.kind.startsWith('permission_'));
      expect(rows.filter((r) => r.outcome === 'approve').map((r) => r.command)).toEqual(
        expect.not.arrayContaining([expect.stringMatching(/rm -rf|--force|ssh/)]),
      );
      expect(rows.every((r) => r.via === 'screen')).toBe(true);
    } finally {
      await d.stop();
    }
  });

  it('escalates what no rule allows or cannot be read fully: session waiting_input, one alert, dialog left alone', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([claude('w1')]);
    await h.ready('w1');
    const d = await h.daemon();
    try {
      for (const [prompt, rule] of [
        ['deploy', 'default:no-match'],
        ['twolines', 'screen:incomplete'],
      ] as const) {
        h.ask('w1', prompt);
        await waitFor(`${prompt} escalated`, () => h.interactions('w1').find((r) => r.outcome === 'escalate' && r.rule === rule), { timeoutMs: 10_000 });
        const session = h.db.sqlite.prepare("SELECT state FROM sessions WHERE name = 'w1'").get() as { state: string };
        expect(session.state).toBe('waiting_input');
        // Left for a human: wait well past the ignore window, nothing is pressed.
        await new Promise((r) => setTimeout(r, 800));
        expect(answers(h, 'w1').length).toBe(h.eventsOf('w1', 'permission-shown').length - 1);
        h.tmux.run('send-keys', '-t', '=w1:', 'Escape');
        await h.turnEnded('w1', prompt === 'deploy' ? 1 : 2);
      }
      const alerts = h.db.sqlite.prepare("SELECT kind, session_name FROM alerts WHERE kind = 'permission_escalated'").all();
      expect(alerts).toHaveLength(2);
    } finally {
      await d.stop();
    }
  });

  it('Claude 2.1.2xx screens (task panel, spinner without the hint): the trust dialog is left to a human, tool dialogs are answered', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([{ ...claude('t21'), args: ['--layout', '2.1', '--task-panel', '--trust-dialog'] }]);
    await h.ready('t21');
    const d = await h.daemon();
    try {
      // A human is needed: escalated at once, one alert, and no key reaches the dialog.
      await waitFor('trust escalated', () => h.interactions('t21').find((r) => r.outcome === 'escalate' && r.rule === 'screen:human-needed:trust'), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 800));
      expect(h.eventsOf('t21', 'key')).toEqual([]);
      expect(h.eventsOf('t21', 'permission-answer')).toEqual([]);
      h.tmux.run('send-keys', '-t', '=t21:', 'Enter');
      await waitFor('trusted', () => /ctrl\+t to hide tasks/.test(h.tmux.capture('t21')) && !/Quick safety check/.test(h.tmux.capture('t21')), { timeoutMs: 10_000 });
      const safe = await turn(h, 't21', 'safe', 1);
      expect(safe.end).toMatchObject({ outcome: 'done' });
      expect(safe.answers).toEqual([expect.objectContaining({ choice: 1, outcome: 'allow', label: 'Yes' })]);
      const bad = await turn(h, 't21', 'rmhome', 2);
      expect(bad.end).toMatchObject({ outcome: 'denied' });
      expect(bad.answers).toEqual([expect.objectContaining({ outcome: 'reject' })]);
      const alerts = h.db.sqlite.prepare("SELECT kind FROM alerts WHERE session_name = 't21'").all();
      expect(alerts).toHaveLength(1);
    } finally {
      await d.stop();
    }
  });

  it('an ignored key is re-sent once for the same dialog; a dialog that still will not close is escalated', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    // 'slow' ignores keys for 450 ms after drawing a dialog, 'stuck' for 10 s.
    h.start([
      { ...claude('slow'), args: ['--dialog-ignore-ms', '450'] },
      { ...claude('stuck'), args: ['--dialog-ignore-ms', '10000'] },
    ]);
    await Promise.all([h.ready('slow'), h.ready('stuck')]);
    const d = await h.daemon();
    try {
      h.ask('stuck', 'safe');
      const slow = await turn(h, 'slow', 'safe', 1);
      expect(slow.answers).toEqual([expect.objectContaining({ choice: 1, label: 'Yes' })]);
      expect(h.eventsOf('slow', 'key').filter((k) => k.state === 'dialog-ignored')).toHaveLength(1);
      expect(h.interactions('slow').map((r) => r.kind)).toEqual(['permission_approved', 'key']);

      await waitFor('stuck escalated', () => h.interactions('stuck').find((r) => r.rule === 'screen:unanswered'), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 600));
      // Two presses in all (the answer and its one re-send), then hands off.
      expect(h.eventsOf('stuck', 'key').filter((k) => k.state === 'dialog-ignored')).toHaveLength(2);
      expect(answers(h, 'stuck')).toEqual([]);
    } finally {
      await d.stop();
    }
  });

  it('the kill switch stops approving at once; switching it off resumes', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([claude('w1')]);
    await h.ready('w1');
    const d = await h.daemon();
    try {
      expect(architect(['approvals', 'kill-switch', 'on'], h.env).code).toBe(0);
      h.ask('w1', 'safe');
      await waitFor('kill-switch escalation', () => h.interactions('w1').find((r) => r.rule === 'kill-switch:runtime'), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 600));
      expect(answers(h, 'w1')).toEqual([]);
      h.tmux.run('send-keys', '-t', '=w1:', 'Escape');
      await h.turnEnded('w1', 1);
      const off = architect(['approvals', 'kill-switch', 'off'], h.env);
      expect(off.code, off.stderr).toBe(0);
      const r = await turn(h, 'w1', 'safe', 2);
      expect(r.answers).toEqual([expect.objectContaining({ choice: 1, label: 'Yes' })]);
      const listed = JSON.parse(architect(['approvals', '--json', '--session', 'w1'], h.env).stdout) as { outcome: string; via: string }[];
      expect(listed.map((x) => x.outcome)).toEqual(['approve', 'escalate']);
    } finally {
      await d.stop();
    }
  });

  it('only one instance answers: a second one stands by and takes over when the first dies', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([claude('w1')]);
    await h.ready('w1');
    const a = await h.daemon();
    const b = await h.daemon();
    try {
      await waitFor('a holds the lease', () => /lease acquired/.test(a.log()));
      const first = await turn(h, 'w1', 'safe', 1);
      expect(first.answers).toHaveLength(1);
      await waitFor('a logged its answer', () => /permission answered/.test(a.log()));
      expect(b.log()).not.toMatch(/permission answered|lease acquired/);
      // The holder dies without releasing: the standby takes over once the lease lapses.
      a.proc.kill('SIGKILL');
      await a.stop();
      await waitFor('b takes over', () => /lease acquired/.test(b.log()), { timeoutMs: 10_000 });
      const second = await turn(h, 'w1', 'safe', 2);
      expect(second.answers).toHaveLength(1);
      await waitFor('b logged its answer', () => /permission answered/.test(b.log()));
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('--once answers the dialogs on screen and exits; it does nothing while another instance holds the lease', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([claude('w1')]);
    await h.ready('w1');
    h.ask('w1', 'safe');
    await waitFor('dialog shown', () => h.eventsOf('w1', 'permission-shown')[0]);
    const holder = await h.daemon({ LOG_LEVEL: 'info' });
    // The running daemon answers this one; a --once run meanwhile must stand aside.
    await h.turnEnded('w1', 1);
    const aside = await h.runDaemon(['--once']);
    expect(aside.code).toBe(0);
    expect(aside.output).toMatch(/another auto-confirm holds the lease/);
    await holder.stop();
    h.ask('w1', 'safe');
    await waitFor('second dialog shown', () => h.eventsOf('w1', 'permission-shown')[1]);
    const once = await h.runDaemon(['--once']);
    expect(once.code, once.output).toBe(0);
    expect(await h.turnEnded('w1', 2)).toMatchObject({ outcome: 'done' });
    expect(answers(h, 'w1')).toHaveLength(2);
  });

  it('a policy rule that does not parse stops the daemon with the rule and why', async () => {
    home = new AutoConfirmHome({ allow: ['Bash(npm test'], deny: ['Nonsense(('] });
    home.start([]);
    const r = await home.runDaemon(['--once']);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('autoConfirm.allow.0');
    expect(r.output).toContain('Bash(npm test');
    expect(r.output).toContain('autoConfirm.deny.0');
  });
});
