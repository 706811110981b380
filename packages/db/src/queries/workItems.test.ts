import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '@architect/core';
import { tempDb, type TempDb } from '../testing';
import { addProject, archiveProject, listProjects, projectCounts } from './projects';
import { addWorkItem, listWorkItems, requireWorkItem, updateWorkItem } from './workItems';
import { linkedPrompts, sendWorkItem } from './workItemPrompts';
import { getPrompt } from './prompts';

let db: TempDb;
afterEach(() => db.dispose());

describe('projects, features and bugs', () => {
  it('adds and lists with the seed statuses; a duplicate project name is a conflict; archive is CAS', () => {
    db = tempDb();
    const p = addProject(db, { name: 'web', path: '/src/web' }, 1);
    expect(() => addProject(db, { name: 'web' }, 2)).toThrow(ConflictError);
    const f = addWorkItem(db, 'feature', { projectId: p, title: 'login', spec: 'JWT' }, 3);
    const b = addWorkItem(db, 'bug', { projectId: p, title: 'crash', severity: 'high' }, 3);
    expect(requireWorkItem(db, 'feature', f)).toMatchObject({ status: 'draft', project: 'web', spec: 'JWT' });
    expect(requireWorkItem(db, 'bug', b)).toMatchObject({ status: 'open', severity: 'high' });
    expect(() => addWorkItem(db, 'bug', { title: 'x', status: 'completed' }, 4)).toThrow(ValidationError);
    expect(() => addWorkItem(db, 'feature', { title: 'x', projectId: 99 }, 4)).toThrow(NotFoundError);
    expect(projectCounts(db, p)).toEqual({ features: { draft: 1 }, bugs: { open: 1 } });
    expect(archiveProject(db, 'web', 5).status).toBe('archived');
    expect(() => archiveProject(db, p, 6)).toThrow(ConflictError);
    expect(listProjects(db)).toEqual([]);
    expect(listProjects(db, { includeArchived: true })).toHaveLength(1);
  });

  it('a status change is a compare-and-swap from the status the caller saw', () => {
    db = tempDb();
    const f = addWorkItem(db, 'feature', { title: 'search' }, 1);
    expect(updateWorkItem(db, 'feature', f, { status: 'in_progress', fromStatus: 'draft' }, 2).status).toBe('in_progress');
    // a second writer who also saw "draft" loses, and nothing changes
    expect(() => updateWorkItem(db, 'feature', f, { status: 'blocked', fromStatus: 'draft', title: 'lost' }, 3)).toThrow(/is in_progress, not draft/);
    expect(requireWorkItem(db, 'feature', f)).toMatchObject({ status: 'in_progress', title: 'search' });
    const done = updateWorkItem(db, 'feature', f, { status: 'completed' }, 4);
    expect(done.completed_at).toBe(4);
    expect(listWorkItems(db, 'feature', { status: 'completed' }).map((r) => r.id)).toEqual([f]);
  });

  it('send queues a linked prompt and moves an open bug to in_progress in one step', () => {
    db = tempDb();
    const p = addProject(db, { name: 'api' }, 1);
    const b = addWorkItem(db, 'bug', { projectId: p, title: 'token leak', description: 'logs show the token' }, 1);
    const r = sendWorkItem(db, 'bug', b, { priority: 5 }, 2);
    expect(r.status).toBe('in_progress');
    const prompt = getPrompt(db, r.promptId)!;
    expect(prompt).toMatchObject({ source: `bug:${b}`, priority: 5, status: 'pending' });
    expect(prompt.content).toContain('Fix bug #1');
    expect(prompt.content).toContain('logs show the token');
    const again = sendWorkItem(db, 'bug', b, {}, 3);
    expect(linkedPrompts(db, 'bug', b).map((l) => [l.prompt_id, l.status])).toEqual([[r.promptId, 'pending'], [again.promptId, 'pending']]);
    expect(() => sendWorkItem(db, 'feature', 42, {}, 4)).toThrow(NotFoundError);
  });
});
