/**
 * Auto-confirm's hook path: `architect hook` answering Claude Code's PermissionRequest on the
 * exact tool input, and the screen path refusing to approve what the hook escalated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { architectAsync } from '../support/cli';
import { waitFor } from '../support/waitFor';
import { AutoConfirmHome, permissionScript } from './harness';

const POLICY = {
  allow: ['Bash(npm test)', 'Bash(cat *)', 'Bash(git push *)', 'Bash(rm *)', 'Read', 'Edit', 'WebFetch(domain:example.com)'],
  deny: [],
  ask: [],
};

let home: AutoConfirmHome | undefined;
afterEach(() => {
  home?.dispose();
  home = undefined;
});

const request = (tool_name: string, tool_input: object, cwd = '/tmp') =>
  JSON.stringify({
    session_id: 'b1e2',
    transcript_path: '/tmp/t.jsonl',
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PermissionRequest',
    tool_name,
    tool_input,
    permission_suggestions: [],
  });

describe('architect hook answers PermissionRequest', () => {
  it('allow for safe, deny for destructive, nothing for escalate; malformed input exits 0 silently', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    h.start([]);
    // A managed session that exists only in the config (no agent needed to feed the hook).
    const fs = await import('node:fs');
    const cfg = `${h.home}/architect.config.json`;
    const cwd = h.cwdOf('w1');
    fs.writeFileSync(cfg, JSON.stringify({ sessions: [{ name: 'w1', provider: 'claude', cwd }], autoConfirm: POLICY }));
    const env = { ...h.env, ARCHITECT_SESSION: 'w1' };
    const hook = (input: string) => architectAsync(['hook'], env, input);

    const cases: [string, object, 'allow' | 'deny' | null][] = [
      ['Bash', { command: 'npm test', description: 'Run tests' }, 'allow'],
      ['Read', { file_path: `${cwd}/README.md` }, 'allow'],
      ['Edit', { file_path: `${cwd}/src/a.ts`, old_string: 'a', new_string: 'b' }, 'allow'],
      ['WebFetch', { url: 'https://example.com/docs', prompt: 'summarize' }, 'allow'],
      ['Bash', { command: 'rm -rf ~' }, 'deny'],
      ['Bash', { command: 'git push --force origin main' }, 'deny'],
      ['Bash', { command: 'cat ~/.ssh/id_ed25519' }, 'deny'],
      ['Bash', { command: 'npm test; rm -rf /' }, 'deny'],
      ['Read', { file_path: `${h.home}/data/architect.db` }, 'deny'],
      ['Write', { file_path: '/etc/cron.d/x', content: 'x' }, 'deny'],
      ['Bash', { command: 'make deploy' }, null],
      ['mcp__github__delete_repo', { repo: 'x' }, null],
    ];
    // A few at a time, like agents do: each hook has a 2 s budget on a shared 2-core machine.
    const results: Awaited<ReturnType<typeof hook>>[] = [];
    for (let i = 0; i < cases.length; i += 3) {
      results.push(...(await Promise.all(cases.slice(i, i + 3).map(([tool, input]) => hook(request(tool, input, cwd))))));
    }
    cases.forEach(([tool, input, expected], i) => {
      const r = results[i]!;
      expect(r.code, `${tool} ${JSON.stringify(input)}: ${r.stderr}`).toBe(0);
      if (expected === null) {
        expect(r.stdout, `${tool} ${JSON.stringify(input)}`).toBe('');
      } else {
        expect(r.stdout, `${tool} ${JSON.stringify(input)}: ${r.stderr}`).not.toBe('');
        const out = JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; decision: { behavior: string; message?: string } } };
        expect(out.hookSpecificOutput.hookEventName).toBe('PermissionRequest');
        expect(out.hookSpecificOutput.decision.behavior, `${tool} ${JSON.stringify(input)}`).toBe(expected);
        if (expected === 'deny') expect(out.hookSpecificOutput.decision.message).toMatch(/Architect/);
      }
    });
    const rows = h.interactions('w1');
    expect(rows).toHaveLength(cases.length);
    expect(rows.every((r) => r.via === 'hook')).toBe(true);
    // No daemon runs here: every decision was made in the hook process itself.
    expect(h.db.sqlite.prepare("SELECT DISTINCT json_extract(details, '$.path') FROM interactions WHERE session_name = 'w1'").pluck().all()).toEqual(['local']);
    expect(rows.filter((r) => r.outcome === 'approve').map((r) => r.command)).not.toContain('rm -rf ~');

    for (const bad of ['', 'not json', '[1,2]', '{"hook_event_name":"PermissionRequest"}', '{"hook_event_name":"PermissionRequest","tool_name":"Bash","tool_input":"rm -rf ~"}']) {
      const r = await hook(bad);
      expect(r.code, bad).toBe(0);
      expect(r.stdout, bad).toBe('');
    }
    // The kill switch: a safe request gets no decision either.
    expect((await architectAsync(['approvals', 'kill-switch', 'on'], h.env)).code).toBe(0);
    expect((await hook(request('Bash', { command: 'npm test' }, cwd))).stdout).toBe('');
  });

  it('with a fake Claude Code: the hook decides, and the screen path never approves what the hook escalated', async () => {
    home = new AutoConfirmHome(POLICY);
    const h = home;
    const script = permissionScript({
      safe: { tool: 'Bash', command: 'npm test', description: 'Run the tests' },
      rmhome: { tool: 'Bash', command: 'rm -rf ~', description: 'Clean up' },
      deploy: { tool: 'Bash', command: 'make deploy', description: 'Deploy' },
    });
    h.start([{ name: 'hk', agent: 'claude', script, hooks: true }]);
    await h.ready('hk');
    await waitFor(
      'SessionStart hook recorded',
      () => (h.db.sqlite.prepare("SELECT hook_session_id FROM sessions WHERE name = 'hk'").get() as { hook_session_id: string | null } | undefined)?.hook_session_id,
      { timeoutMs: 10_000 },
    );
    const d = await h.daemon();
    try {
      // The hooks ask the daemon over its socket once it listens (test/autoConfirm/hookSocket.test.ts).
      const fs = await import('node:fs');
      await waitFor('hook socket', () => fs.existsSync(`${h.home}/data/run/auto-confirm.sock`), { timeoutMs: 5000 });
      h.ask('hk', 'safe');
      expect(await h.turnEnded('hk', 1)).toMatchObject({ outcome: 'done' });
      h.ask('hk', 'rmhome');
      expect(await h.turnEnded('hk', 2)).toMatchObject({ outcome: 'denied' });
      expect(h.eventsOf('hk', 'permission-hook').map((e) => e.behavior)).toEqual(['allow', 'deny']);
      expect(h.eventsOf('hk', 'permission-shown')).toHaveLength(0);
      const decidedBy = () => h.db.sqlite.prepare("SELECT json_extract(details, '$.path') AS p FROM interactions WHERE session_name = 'hk' AND via = 'hook' ORDER BY id").pluck().all();
      expect(decidedBy()).toEqual(['daemon', 'daemon']);

      // Escalated by the hook: the dialog shows, the screen path escalates too and presses nothing.
      h.ask('hk', 'deploy');
      await waitFor('screen escalation', () => h.interactions('hk').find((r) => r.via === 'screen' && r.outcome === 'escalate'), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 800));
      expect(h.eventsOf('hk', 'permission-shown')).toHaveLength(1);
      expect(h.eventsOf('hk', 'permission-answer')).toHaveLength(0);
      expect(h.interactions('hk').filter((r) => r.outcome === 'escalate').map((r) => `${r.via}:${r.rule}`)).toEqual(['hook:default:no-match', 'screen:hook:escalated']);
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM alerts WHERE session_name = 'hk'").get()).toEqual({ n: 1 });
      expect(h.db.sqlite.prepare("SELECT state FROM sessions WHERE name = 'hk'").get()).toEqual({ state: 'waiting_input' });
      h.tmux.run('send-keys', '-t', '=hk:', 'Escape');
      await h.turnEnded('hk', 3);
    } finally {
      await d.stop();
    }
  });
});
