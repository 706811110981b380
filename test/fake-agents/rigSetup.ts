/**
 * Shared set-up for the fake-agent tests: a private tmux server per test (FakeAgentRig), the
 * turn scripts they use, and a hook command that logs payloads. `rig` and `dir` are live
 * bindings, reassigned before each test.
 */
import { afterEach, beforeEach } from 'vitest';
import { FakeAgentRig, type FakeAgent } from './harness';

export let rig: FakeAgentRig;
export let dir: string;

/** Call once at the top of a test file. */
export function useFakeAgentRig(): void {
  beforeEach(() => {
    rig = new FakeAgentRig('fake');
    dir = rig.dir;
  });
  afterEach(async () => {
    await rig.stop();
  });
}

export const start = (agent: FakeAgent, script: object, args: string[] = []) => rig.start(agent, script, args);

export const QUICK = { default: { workMs: 400, reply: 'done: {prompt}' } };
export const PERMISSION = {
  default: { workMs: 300, reply: 'done: {prompt}' },
  rules: [
    {
      match: 'needs-permission',
      steps: [
        { work: 200 },
        { permission: { tool: 'Bash', command: 'npm test', description: 'Run tests' } },
        { work: 200 },
      ],
      reply: 'tests ran',
    },
  ],
};

/** Appends every hook payload it receives (one JSON per line) to `file`. */
export function appendHook(file: string): string {
  const js = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>require('fs').appendFileSync(${JSON.stringify(file)},s+'\\n'))`;
  return `${JSON.stringify(process.execPath)} -e ${JSON.stringify(js)}`;
}
