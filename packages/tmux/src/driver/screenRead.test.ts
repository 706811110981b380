import { afterEach, describe, expect, it } from 'vitest';
import { TmuxServer } from '../../../../test/support/tmuxServer';
import { waitFor } from '../../../../test/support/waitFor';
import { TmuxSessionGoneError } from './errors';
import { splitScreens, TmuxDriver } from './tmuxDriver';

let tmux: TmuxServer | undefined;
let driver: TmuxDriver | undefined;
afterEach(() => {
  driver?.close();
  tmux?.kill();
  tmux = driver = undefined;
});

describe('screen reads with their width', () => {
  it("splits a batch at its markers, keeping each pane's width and rows", () => {
    const out = 'M 0 80\nrow a\nrow b\nM 1 100\nonly\n';
    expect(splitScreens(out, 'M', 3)).toEqual([{ text: 'row a\nrow b\n', raw: 'row a\nrow b\n', width: 80 }, { text: 'only\n', raw: 'only\n', width: 100 }, undefined]);
    const colour = splitScreens('M 0 80\n\x1b[1mbold\x1b[0m  \x1b[44m  \x1b[0m\n', 'M', 1)[0]!;
    expect(colour).toEqual({ text: 'bold\n', raw: '\x1b[1mbold\x1b[0m  \x1b[44m  \x1b[0m\n', width: 80 });
  });

  describe.each([false, true])('control mode %s', (controlMode) => {
    it('reads panes together (one process without a control client, none with one), as single reads do; a gone session fails alone', async () => {
      tmux = new TmuxServer('screens');
      for (const [name, width] of [['a', 80], ['b', 100], ['c', 120]] as const) {
        tmux.newSession(name, ['sh', '-c', `printf 'hello ${name}\\n'; sleep 30`], { width, height: 10 });
      }
      const d = new TmuxDriver({ socket: tmux.socket, controlMode });
      driver = d;
      await waitFor('drawn', async () => (await d.capture('c')).includes('hello c'));
      const before = d.calls;
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => d.screen(n)));
      expect(d.calls - before).toBe(controlMode ? 0 : 1);
      expect(a).toMatchObject({ text: await d.capture('a'), width: 80 });
      expect(a!.raw).toBe(a!.text);
      expect((await d.screen('a', { escapes: true })).raw).toBe(await d.capture('a', { escapes: true }));
      expect(b?.width).toBe(100);
      expect(c?.text).toContain('hello c');
      // One session gone: the others still answer, the gone one fails with its own error.
      tmux.run('kill-session', '-t', '=b');
      const again = await Promise.allSettled(['a', 'b', 'c'].map((n) => d.screen(n)));
      expect(again[0]).toMatchObject({ status: 'fulfilled', value: { width: 80 } });
      expect(again[1]).toMatchObject({ status: 'rejected', reason: expect.any(TmuxSessionGoneError) });
      expect(again[2]).toMatchObject({ status: 'fulfilled', value: { width: 120 } });
    });

    it('presses keys in order and lists window activity per session', async () => {
      tmux = new TmuxServer('keys');
      tmux.newSession('k', ['sh', '-c', 'read a; read b; echo "got $a $b"; sleep 30'], { width: 80, height: 10 });
      tmux.newSession('idle', ['sleep', '30'], { width: 80, height: 10 });
      const d = new TmuxDriver({ socket: tmux.socket, controlMode });
      driver = d;
      await d.pressKeys('k', ['1', 'Enter', '2', 'Enter']);
      await waitFor('keys read', async () => (await d.capture('k')).includes('got 1 2'));
      await expect(d.pressKeys('k', ['rm -rf'])).rejects.toThrow(/allow/);
      const activity = await d.windowActivity();
      expect([...activity.keys()].sort()).toEqual(['idle', 'k']);
      expect(Math.abs(activity.get('k')! * 1000 - Date.now())).toBeLessThan(10_000);
    });
  });
});
