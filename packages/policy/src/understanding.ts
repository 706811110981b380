import { posix } from 'node:path';
import type { Arg } from './args';
import { writeVerdict } from './fileWrites';
import { isBelow } from './paths';
import { understandLine } from './programs/registry';
import { checkSecretArgs } from './secretArgs';
import { escalate, resolveIn, worst, type CheckEnv, type Verdict } from './verdict';

export interface Understanding {
  /** Why the command is not understood; null when every word is accounted for. */
  gap: string | null;
  /** Built-in verdicts from what the model says the words do (files an option writes or reads). */
  verdict: Verdict | null;
}

/** Programs that run the project's own files (scripts, Makefiles, package.json, tests, configs). */
const PROJECT_RUNNERS = /^(make|gmake|npm|pnpm|yarn|npx|pnpx|bun|cargo|go|pytest|py\.test|python\d*(\.\d+)*|node|tsx|bash|sh|zsh|dash|source|\.|vitest|jest|mocha|eslint|prettier|tsc|docker|podman|docker-compose|gradle|mvn|tox|uv|poetry|ruby|perl|php|just|rake|deno)$/;
/** Files whose contents such a runner executes or obeys. */
const RUNNABLE = /\.(py|pyw|js|mjs|cjs|ts|mts|cts|jsx|tsx|sh|bash|zsh|mk|json|json5|toml|cfg|ini|rs|go|ya?ml|rb|pl|php|gradle|kts)$|(^|\/)(Makefile|makefile|GNUmakefile|Dockerfile|Containerfile|Justfile|justfile|Rakefile|\.npmrc|\.yarnrc|\.env[^/]*)$/;

/**
 * Judge a command against the model of its program (SPEC §5, the positive model). The gap is
 * what keeps a wildcard rule from approving it; the verdict holds built-in findings that apply
 * under every rule (an output option writing outside the workspace, an option reading a secret).
 */
export function understandCommand(name: string, program: string, args: Arg[], env: CheckEnv, written: Set<string>): Understanding {
  const verdicts: Array<Verdict | null> = [];
  if (PROJECT_RUNNERS.test(name) && written.size > 0) {
    const payload = [...written].find((w) => w === '?' || RUNNABLE.test(w));
    if (payload) verdicts.push(escalate('payload-written', `${name} runs after this same command wrote ${payload === '?' ? 'a file it cannot name' : payload}, which it may execute`));
  }
  if (program.includes('/')) return { gap: projectFile(program, env, 'runs'), verdict: worst(verdicts) };
  const line = understandLine(name, args);
  if (!line.ok) return { gap: line.reason, verdict: worst(verdicts) };
  for (const o of line.line.options) {
    if (!o.value) continue;
    if (o.kind === 'w') verdicts.push(writeVerdict(o.value, env, `${name} ${o.name}`, true));
    if (o.kind === 'r') verdicts.push(checkSecretArgs('cat', [o.value], env));
  }
  let gap: string | null = null;
  if ((name === 'source' || name === '.' || /^(ba|z|da|k)?sh$/.test(name)) && line.line.operands[0]) {
    gap = projectFile(line.line.operands[0].text, env, name);
  }
  return { gap, verdict: worst(verdicts) };
}

/** Running a file is understood when it is a file of the project: inside the workspace, not a device or fd. */
function projectFile(path: string | null, env: CheckEnv, what: string): string | null {
  if (path === null) return `${what} a file only known at run time`;
  const arg: Arg = { raw: path, text: path, glob: false, subs: [] };
  const all = resolveIn(env, arg);
  for (const r of all) {
    if (r === null || r.glob) return `${what} ${path}, which cannot be resolved`;
    if (!isBelow(r.abs, env.ctx.cwd)) return `${what} ${r.abs}, outside the workspace`;
    if (posix.basename(r.abs).startsWith('.') && RUNNABLE.test(r.abs) && /\.env/.test(r.abs)) return `${what} ${r.abs}, a secrets file`;
  }
  return null;
}
