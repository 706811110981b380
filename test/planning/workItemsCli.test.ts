import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect } from '../support/cli';

let db: TempDb;
let env: Record<string, string>;
beforeEach(() => {
  db = tempDb();
  env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path };
});
afterEach(() => db.dispose());

const json = (args: string[]) => {
  const r = architect([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

describe('architect projects / features / bugs (built CLI)', () => {
  it('adds, sends a feature to the fleet, shows its prompts, and refuses a stale status change', () => {
    expect(json(['projects', 'add', 'shop', '--path', '/src/shop'])).toEqual({ project_id: 1 });
    expect(json(['features', 'add', 'Checkout', '--project', 'shop', '--spec', 'Stripe', '--estimated-hours', '5'])).toEqual({ feature_id: 1 });
    expect(json(['bugs', 'add', 'Rounding', '--project', '1', '--severity', 'high'])).toEqual({ bug_id: 1 });

    const sent = json(['features', 'send', '1', '--priority', '4']);
    expect(sent).toEqual({ prompt_id: 1, feature_id: 1, status: 'in_progress' });
    const shown = json(['features', 'show', '1']);
    expect(shown).toMatchObject({ id: 1, status: 'in_progress', project: 'shop', prompts: [{ prompt_id: 1, status: 'pending' }] });
    expect(json(['prompts', 'show', '1'])).toMatchObject({ id: 1, status: 'pending' });

    const stale = architect(['features', 'update', '1', '--status', 'completed', '--from', 'draft'], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/feature 1 is in_progress, not draft/);
    expect(json(['features', 'update', '1', '--status', 'completed'])).toMatchObject({ status: 'completed' });

    const badStatus = architect(['bugs', 'update', '1', '--status', 'done'], env);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/status must be one of open, in_progress, fixed, closed/);
    expect(json(['projects', 'show', 'shop'])).toMatchObject({ counts: { features: { completed: 1 }, bugs: { open: 1 } } });
    expect(json(['projects', 'archive', 'shop'])).toMatchObject({ status: 'archived' });
    expect(json(['projects', 'list'])).toEqual([]);
    expect(architect(['projects', 'show', 'nope'], env).stderr).toMatch(/project nope does not exist/);
  });
});
