import { describe, expect, it } from 'vitest';
import { PlanParseError } from './planSpec';
import { parsePlan } from './parsePlan';

const MD = `# Plan: Ship the parser
project: web
max-attempts: 2

Some prose that is ignored.

## Phase 1: Setup
- [x] Create the repo
- [ ] Add the parser module
  id: parser
  verify: pnpm test parser
  target: specialty:backend
  Keep it under 200 lines.

## Phase 2
- [ ] Wire the CLI
  after: parser
  target: session:w1
- [ ] Write docs
  after: parser, s3
  prompt: Document the CLI in docs/cli.md
`;

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlanParseError);
    return (err as PlanParseError).problems;
  }
  throw new Error('expected a PlanParseError');
}

describe('parsePlan', () => {
  it('reads the Markdown form: phases, steps, keys, done boxes, prompt continuation', () => {
    const p = parsePlan(MD, 'plan.md');
    expect(p.name).toBe('Ship the parser');
    expect(p.project).toBe('web');
    expect(p.maxAttempts).toBe(2);
    expect(p.phases.map((ph) => [ph.name, ph.steps.map((s) => s.id)])).toEqual([
      ['Phase 1: Setup', ['s1', 'parser']],
      ['Phase 2', ['s3', 's4']],
    ]);
    const [s1, parser] = p.phases[0]!.steps;
    expect(s1!.done).toBe(true);
    expect(parser).toEqual({
      id: 'parser',
      title: 'Add the parser module',
      prompt: 'Add the parser module\nKeep it under 200 lines.',
      target: { specialty: 'backend' },
      after: [],
      verify: 'pnpm test parser',
      done: false,
    });
    const [cli, docs] = p.phases[1]!.steps;
    expect(cli!.target).toEqual({ session: 'w1' });
    expect(cli!.after).toEqual(['parser']);
    expect(docs!.after).toEqual(['parser', 's3']);
    expect(docs!.title).toBe('Write docs');
    expect(docs!.prompt).toBe('Document the CLI in docs/cli.md');
  });

  it('reads the JSON form with string and object targets and defaults', () => {
    const p = parsePlan(
      JSON.stringify({
        name: 'J',
        phases: [
          { name: 'A', steps: [{ id: 'a', prompt: 'do a', verify: 'true', target: 'provider:claude' }] },
          { name: 'B', steps: [{ prompt: 'do b\nmore', after: 'a', target: { session: 'w2' } }] },
        ],
      }),
      'p.json',
    );
    expect(p.phases[1]!.steps[0]).toEqual({ id: 's2', title: 'do b', prompt: 'do b\nmore', target: { session: 'w2' }, after: ['a'], verify: null, done: false });
    expect(p.phases[0]!.steps[0]!.target).toEqual({ provider: 'claude' });
  });

  it('rejects bad input with every problem listed', () => {
    expect(problems(() => parsePlan('{ nope', 'x.json'))[0]).toMatch(/not valid JSON/);
    expect(problems(() => parsePlan(JSON.stringify({ name: 'x', phases: [] }), 'x.json'))).toEqual(['phases: a plan needs at least one phase']);
    expect(problems(() => parsePlan(JSON.stringify({ name: 'x', phases: [{ name: 'a', steps: [{ prompt: 'p', target: 'host:x' }] }] }), 'x.json'))[0]).toMatch(
      /target "host:x" must be session:NAME/,
    );
    expect(problems(() => parsePlan('## Phase\n- [ ] a\n  after: zz\n', 'x.md'))).toEqual(['the plan needs a name: a first-level heading (# Name)']);
    expect(problems(() => parsePlan('# P\n- [ ] early\n## Empty\n', 'x.md'))).toEqual(['line 2: a step before the first phase heading (## ...)', 'phase "Empty" has no steps']);
    expect(problems(() => parsePlan('# P\n## A\n- [ ] a\n  id: x\n  after: y\n- [ ] b\n  id: y\n  after: x\n', 'x.md'))).toEqual(['dependency cycle: x -> y -> x']);
    expect(problems(() => parsePlan('# P\n## A\n- [ ] a\n  id: x\n- [ ] b\n  id: x\n', 'x.md'))).toEqual(['step id "x" is used twice']);
    expect(problems(() => parsePlan('# P\n## A\n- [ ] a\n  after: nope\n', 'x.md'))).toEqual(['step "s1" depends on unknown step "nope"']);
  });
});
