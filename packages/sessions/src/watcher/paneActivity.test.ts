import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@architect/core';
import { waitFor } from '../../../../test/support/waitFor';
import { PaneActivity, type PaneActivityEvent } from './paneActivity';
import { trimPaneLog } from './panePipe';

let dir: string | undefined;
const activities: PaneActivity[] = [];
afterEach(() => {
  for (const a of activities.splice(0)) a.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('PaneActivity', () => {
  it('tells every reader which followed pane wrote output, which session got a hook event and which pipe was armed', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-panes-'));
    const seen: PaneActivityEvent[][] = [[], []];
    for (const list of seen) {
      const a = new PaneActivity({ dir, log: silentLogger() });
      a.on((e) => list.push(e));
      a.follow('dev_w1');
      a.start();
      a.start(); // idempotent
      activities.push(a);
    }
    // Following creates the file the pipe will append to.
    expect(fs.existsSync(path.join(dir, 'dev_w1.out'))).toBe(true);
    fs.appendFileSync(path.join(dir, 'dev_w1.out'), 'spinner frame');
    fs.appendFileSync(path.join(dir, 'dev_w9.out'), 'a pane nobody follows');
    fs.writeFileSync(path.join(dir, 'signals', 'dev_w2.hook'), '42\n');
    fs.writeFileSync(path.join(dir, 'signals', 'dev_w3.pipe'), '');
    fs.writeFileSync(path.join(dir, 'signals', 'notes.txt'), 'ignored');
    for (const list of seen) {
      await waitFor('all three kinds', () =>
        list.some((e) => e.kind === 'output' && e.key === 'dev_w1') && list.some((e) => e.kind === 'hook' && e.key === 'dev_w2') && list.some((e) => e.kind === 'armed' && e.key === 'dev_w3'),
      );
      expect(list.filter((e) => e.key === 'dev_w9')).toEqual([]);
      expect(list.every((e) => ['dev_w1', 'dev_w2', 'dev_w3'].includes(e.key))).toBe(true);
    }
    activities[0]!.stop();
    const [before0, before1] = [seen[0]!.length, seen[1]!.length];
    fs.appendFileSync(path.join(dir, 'dev_w1.out'), 'more');
    await waitFor('second reader still hears', () => seen[1]!.length > before1);
    expect(seen[0]!.length).toBe(before0);
  });

  it('mutes a followed pane (its file still grows) and hears it again once unmuted; unfollowed panes are silent', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-panes-'));
    const a = new PaneActivity({ dir, log: silentLogger() });
    activities.push(a);
    const outputs: string[] = [];
    a.on((e) => e.kind === 'output' && outputs.push(e.key));
    a.start();
    a.follow('w1');
    a.follow('w2');
    const file = path.join(dir, 'w1.out');
    a.mute('w1', true);
    fs.appendFileSync(file, 'frame while muted');
    fs.appendFileSync(path.join(dir, 'w2.out'), 'w2 draws');
    await waitFor('w2 heard', () => outputs.includes('w2'));
    // A notification for w1 would have come with or before w2's: it was written first.
    await new Promise((r) => setTimeout(r, 50));
    expect(outputs).not.toContain('w1');
    expect(fs.readFileSync(file, 'utf8')).toBe('frame while muted');
    a.mute('w1', false);
    fs.appendFileSync(file, 'frame after');
    await waitFor('w1 heard again', () => outputs.includes('w1'));
    a.unfollow('w2');
    outputs.length = 0;
    fs.appendFileSync(path.join(dir, 'w2.out'), 'unfollowed');
    fs.appendFileSync(file, 'w1 again');
    await waitFor('w1 heard', () => outputs.includes('w1'));
    await new Promise((r) => setTimeout(r, 50));
    expect(outputs).not.toContain('w2');
  });

  it('keeps following a pane file that was removed and created again', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-panes-'));
    const a = new PaneActivity({ dir, log: silentLogger() });
    activities.push(a);
    const outputs: string[] = [];
    a.on((e) => e.kind === 'output' && outputs.push(e.key));
    a.follow('w1');
    a.start();
    const file = path.join(dir, 'w1.out');
    fs.rmSync(file);
    await waitFor('recreated', () => fs.existsSync(file));
    outputs.length = 0;
    fs.appendFileSync(file, 'new file, new frame');
    await waitFor('heard on the new file', () => outputs.includes('w1'));
  });

  it('trims a pane log past its limit (cat >> keeps appending at the new end)', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-panes-'));
    const file = path.join(dir, 'w1.out');
    fs.writeFileSync(file, 'x'.repeat(5000));
    expect(trimPaneLog(dir, 'w1', 10_000)).toBe(false);
    expect(trimPaneLog(dir, 'w1', 4096)).toBe(true);
    expect(fs.statSync(file).size).toBe(0);
    expect(trimPaneLog(dir, 'missing', 1)).toBe(false);
  });
});
