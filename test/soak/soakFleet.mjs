// The soak's fleet of fake agents (test/fake-agents), each recording what it received.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fake-agents');
export const WORK_MS = 400;

/** The soak's 20 agents, as in the assigner bench, with a permission dialog on every `needs-permission` prompt. */
export function fleet(home) {
  const script = path.join(home, 'script.json');
  fs.writeFileSync(
    script,
    JSON.stringify({
      default: { workMs: WORK_MS, reply: 'done {n}' },
      rules: [{ match: 'needs-permission', steps: [{ work: 100 }, { permission: { tool: 'Bash', command: 'npm test', description: 'Run tests' } }], reply: 'tested {n}' }],
    }),
  );
  // 8 of today's Claude (http hooks), 4 Claude 1.x (command hooks), 4 Codex, 4 Aider. The layout
  // goes in the environment: `claude --version`, which picks the transport, gets no other argument.
  const kinds = [...Array(8).fill(['claude', { FAKE_CLAUDE_LAYOUT: '2.1' }]), ...Array(4).fill(['claude', { FAKE_CLAUDE_LAYOUT: '1' }]), ...Array(4).fill(['codex']), ...Array(4).fill(['aider'])];
  return kinds.map(([agent, agentEnv], i) => {
    const name = `s${String(i + 1).padStart(2, '0')}`;
    return { name, provider: agent, cwd: home, ...(agentEnv ? { env: agentEnv } : {}), command: ['node', path.join(FAKE, `${agent}.mjs`), '--script', script, '--record', path.join(home, `${name}.jsonl`)] };
  });
}
