import { afterEach, describe, expect, it } from 'vitest';
import { TmuxDriver } from '@architect/tmux';
import { TmuxServer } from '../../../test/support/tmuxServer';
import { CaptureBatcher, splitBatch } from './captureBatcher';
import { captureScreen } from './captureScreen';

let tmux: TmuxServer | undefined;
afterEach(() => {
  tmux?.kill();
  tmux = undefined;
});

describe('batched captures', () => {
  it('splits a batch at its markers, keeping each pane\'s width and rows', () => {
    const out = 'M 0 80\nrow a\nrow b\nM 1 100\nonly\n';
    expect(splitBatch(out, 'M', 2)).toEqual([
      { text: 'row a\nrow b\n', width: 80 },
      { text: 'only\n', width: 100 },
    ]);
  });

  it('reads many panes with one tmux client, exactly as single captures do, and survives a gone session', async () => {
    tmux = new TmuxServer('ac-batch');
    for (const [name, width] of [['a', 80], ['b', 100], ['c', 120]] as const) {
      tmux.newSession(name, ['sh', '-c', `printf 'hello ${name}\\n'; sleep 30`], { width, height: 10 });
    }
    const driver = new TmuxDriver({ socket: tmux.socket });
    await new Promise((r) => setTimeout(r, 300));
    const batcher = new CaptureBatcher(driver);
    const before = driver.calls;
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => batcher.capture(n)));
    expect(driver.calls - before).toBe(1);
    expect(a).toEqual(await captureScreen(driver, 'a'));
    expect(b?.width).toBe(100);
    expect(c?.text).toContain('hello c');
    // One session gone: tmux stops the command list there; each pane is then read on its own.
    tmux.run('kill-session', '-t', '=b');
    const again = await Promise.all(['a', 'b', 'c'].map((n) => batcher.capture(n)));
    expect(again[0]?.text).toContain('hello a');
    expect(again[1]).toBeUndefined();
    expect(again[2]?.text).toContain('hello c');
  });
});
