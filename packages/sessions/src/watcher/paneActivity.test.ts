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
  it('tells every reader which pane wrote output and which session got a hook event', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-panes-'));
    const seen: PaneActivityEvent[][] = [[], []];
    for (const list of seen) {
      const a = new PaneActivity({ dir, log: silentLogger() });
      a.on((e) => list.push(e));
      a.start();
      a.start(); // idempotent
      activities.push(a);
    }
    fs.appendFileSync(path.join(dir, 'dev_w1.out'), 'spinner frame');
    fs.writeFileSync(path.join(dir, 'dev_w2.hook'), '42\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    for (const list of seen) {
      await waitFor('both events', () => list.some((e) => e.kind === 'output' && e.key === 'dev_w1') && list.some((e) => e.kind === 'hook' && e.key === 'dev_w2'));
      expect(list.every((e) => e.key === 'dev_w1' || e.key === 'dev_w2')).toBe(true);
    }
    activities[0]!.stop();
    const [before0, before1] = [seen[0]!.length, seen[1]!.length];
    fs.appendFileSync(path.join(dir, 'dev_w1.out'), 'more');
    await waitFor('second reader still hears', () => seen[1]!.length > before1);
    expect(seen[0]!.length).toBe(before0);
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
