/**
 * Process truth before a key on the screen path: a Claude that died with its permission dialog
 * still drawn leaves that dialog above a shell. Auto-confirm must not type its answer there —
 * the `1` + Enter of "Yes" would run as a shell command. The shell's rc turns any command it
 * cannot find into a line in a proof file, so a typed answer cannot go unnoticed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { AutoConfirmHome, permissionScript } from './harness';

let home: AutoConfirmHome | undefined;
afterEach(() => {
  home?.dispose();
  home = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a dialog left on screen by an agent that exited gets no key: nothing typed into the shell', async () => {
  home = new AutoConfirmHome({ allow: ['Bash(npm test)'], deny: [], ask: [], leaseTtlMs: 2000 });
  const h = home;
  const proof = path.join(h.home, 'typed-into-shell');
  const rc = path.join(h.home, 'rc');
  // An empty prompt keeps the dialog looking untouched; any typed word lands in the proof file.
  fs.writeFileSync(rc, `PS1=''\ncommand_not_found_handle() { echo "$1" >> '${proof}'; return 127; }\n`);
  h.start([
    {
      name: 'gone',
      agent: 'claude',
      script: permissionScript({ safe: { tool: 'Bash', command: 'npm test', description: 'Run the tests' } }),
      thenShell: rc,
    },
  ]);
  await h.ready('gone');
  h.ask('gone', 'safe');
  await waitFor('dialog shown', () => h.eventsOf('gone', 'permission-shown')[0]);
  const pid = Number(h.eventsOf('gone', 'start')[0]!.pid);
  // Killed outright: no chance to clear its screen, the dialog stays drawn.
  process.kill(pid, 'SIGKILL');
  const panePid = Number(h.tmux.run('display-message', '-p', '-t', '=gone:', '#{pane_pid}').trim());
  await waitFor('bash in the pane', () => /^bash/.test(fs.readFileSync(`/proc/${panePid}/cmdline`, 'utf8')), { timeoutMs: 10_000 });
  expect(h.tmux.capture('gone')).toMatch(/npm test/);
  const screenBefore = h.tmux.capture('gone');

  const d = await h.daemon();
  try {
    await waitFor('the key refused', () => /agent not in the foreground/.test(d.log()), { timeoutMs: 10_000 });
    // Well past the key-ignore window and a re-press: still nothing typed anywhere.
    await sleep(1500);
    expect(fs.existsSync(proof), 'a key was typed into the shell').toBe(false);
    expect(h.tmux.capture('gone')).toBe(screenBefore);
    expect(d.log()).not.toMatch(/permission answered/);
    expect(h.interactions('gone').filter((r) => r.kind.startsWith('permission_'))).toEqual([]);
    // The proof works: the same shell does record a typed word.
    h.tmux.run('send-keys', '-t', '=gone:', '-l', 'nosuchcmd');
    h.tmux.run('send-keys', '-t', '=gone:', 'Enter');
    await waitFor('proof written', () => fs.existsSync(proof) && /nosuchcmd/.test(fs.readFileSync(proof, 'utf8')));
  } finally {
    await d.stop();
  }
});
