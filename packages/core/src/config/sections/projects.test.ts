import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors';
import { parseFileConfig } from '../load';

describe('projects, milestones and orchestrator config', () => {
  it('accepts projects and fills the defaults', () => {
    const c = parseFileConfig({ projects: [{ name: 'web', path: '/srv/web' }] }, 'x.json');
    expect(c.projects).toEqual([{ name: 'web', path: '/srv/web' }]);
    expect(c.milestones.maxFileBytes).toBe(1024 * 1024);
    expect(c.orchestrator.maxAttempts).toBe(3);
  });

  it('lists every problem: duplicate names, relative paths, unknown keys', () => {
    let err: unknown;
    try {
      parseFileConfig(
        {
          projects: [
            { name: 'web', path: '/a' },
            { name: 'web', path: 'relative' },
          ],
          orchestrator: { maxAttempts: 0, nope: 1 },
        },
        'x.json',
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).message;
    expect(text).toMatch(/projects\.1\.path: must be an absolute path/);
    expect(text).toMatch(/orchestrator\.maxAttempts/);
    expect(text).toMatch(/nope/);
  });

  it('reports a duplicate project name', () => {
    expect(() => parseFileConfig({ projects: [{ name: 'web', path: '/a' }, { name: 'web', path: '/b' }] }, 'x.json')).toThrow(/duplicate project name "web"/);
  });
});
