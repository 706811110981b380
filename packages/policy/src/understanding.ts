import { posix } from 'node:path';
import type { Arg } from './args';
import { writeVerdict } from './fileWrites';
import { isBelow, isWithin } from './paths';
import { realOf } from './realPath';
import type { ParsedLine } from './programs/parseLine';
import { understandLine } from './programs/registry';
import { holdsSecrets } from './secrets';
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
  if (program.includes('/')) return { gap: /:/.test(program) ? `${program}: not a file of the project` : projectFile(program, env, 'runs'), verdict: worst(verdicts) };
  const line = understandLine(name, args, env.cwds.length === 1 ? (env.cwds[0] ?? null) : null);
  if (!line.ok) return { gap: line.reason, verdict: worst(verdicts) };
  let gap: string | null = null;
  for (const o of line.line.options) {
    if (!o.value) continue;
    if (o.kind === 'w') verdicts.push(writeVerdict(o.value, env, `${name} ${o.name}`, true));
    if (o.kind === 'r') verdicts.push(checkSecretArgs('cat', [o.value], env));
    if (o.kind === 'p') gap ??= projectFile(o.value.text, env, `${name} ${o.name}`, true);
  }
  const { path, operands } = line.line;
  // Where the model says operands are written (git init DIR, git worktree add DIR, formatters), they must be inside.
  if (line.line.model.operands === 'write' && !ELSEWHERE_CHECKED.has(name)) {
    for (const a of operands) verdicts.push(writeVerdict(a, env, path.join(' '), true));
  }
  verdicts.push(implicitSearch(name, line.line, env));
  const remote = operands.find((a) => REMOTE_SPEC.test(a.text ?? ''));
  if (remote && INSTALLERS.has(name) && INSTALL_VERBS.test(path[1] ?? '')) gap ??= `${path.join(' ')} ${remote.text}: installs or runs code from a URL or repository`;
  if (name === 'go' && path[1] === 'run' && operands[0] && !/^(\.|\/)|\.go$/.test(operands[0].text ?? '')) gap ??= `go run ${operands[0].raw}: runs a module that is not a local package`;
  if (name === 'go' && path[1] === 'run' && operands[0]) gap ??= projectFile(operands[0].text, env, 'go run', true);
  // Test files and the like are run: they must be the project's own.
  if (line.line.model.operands === 'project') {
    for (const a of operands) gap ??= a.text !== null && !/^[./~]/.test(a.text) ? null : projectFile(a.text === null ? null : a.text.replace(/::.*$/, ''), env, path.join(' '), true);
  }
  // Arguments handed to a package.json script (`npm test -- --outDir /tmp`) must not point outside either.
  if ((name === 'npm' || name === 'pnpm' || name === 'yarn') && path.length > 1) {
    const outside = operands.find((a) => a.text !== null && /^(\/|~|\.\.)|=(\/|~|\.\.)/.test(a.text) && !/^\/dev\/null$/.test(a.text));
    if (outside) gap ??= `${path.join(' ')} passes ${outside.text} to the project's scripts, a path outside the workspace`;
  }
  if (SCRIPT_RUNNERS.test(name) && operands[0] && !(line.line.options.some((o) => o.name === '-c' || o.name === '-e' || o.name === '-p' || o.name === '--eval' || o.name === '--print' || o.name === '-m'))) {
    gap ??= operands[0].text === '-' ? null : projectFile(operands[0].text, env, name);
  }
  return { gap, verdict: worst(verdicts) };
}

/** `grep -r KEY` with no file searches the working directory, `.env` included (rg skips hidden files). */
function implicitSearch(name: string, line: ParsedLine, env: CheckEnv): Verdict | null {
  if (name !== 'grep' && name !== 'egrep' && name !== 'fgrep') return null;
  const has = (...names: string[]) => line.options.some((o) => names.includes(o.name));
  if (!has('-r', '-R', '--recursive', '--dereference-recursive')) return null;
  const patternGiven = has('-e', '--regexp', '-f', '--file');
  if (line.operands.length > (patternGiven ? 0 : 1)) return null;
  for (const cwd of env.cwds) {
    const holds = cwd === null ? 'an unknown directory' : holdsSecrets(cwd, env.ctx);
    if (holds) return escalate('secret-read-recursive', `${name} -r without a path searches the working directory: ${holds}`);
  }
  return null;
}

/** Commands whose first operand is a script they run. */
const SCRIPT_RUNNERS = /^(source|\.|bash|sh|zsh|dash|ksh|python\d*(\.\d+)*|pypy\d*|node|nodejs|tsx)$/;
/** Checked by fileWrites and deleteRules already (with their own source/target rules). */
const ELSEWHERE_CHECKED = new Set(['cp', 'mv', 'rm', 'rmdir', 'mkdir', 'touch', 'chmod', 'tee', 'ln', 'gzip', 'gunzip']);
const INSTALL_VERBS = /^(install|i|add|it|install-test|ci|update|up|upgrade|download|wheel|get)$/;
const INSTALLERS = new Set(['pip', 'pip3', 'uv', 'npm', 'pnpm', 'yarn', 'npx', 'pnpx', 'cargo', 'go', 'poetry', 'pipx', 'bun']);
/** Package specs that name a URL, a repository or a file instead of a registry package. */
const REMOTE_SPEC = /:\/\/|^git\+|^(github|gitlab|bitbucket|git|file|http|https|gist|ssh):|^[\w.-]+\/[\w.-]+(#.*)?$|\.(tgz|tar\.gz|whl|zip)$/;

/** Running a file is understood when it is a file of the project: inside the workspace, not a device or fd. */
function projectFile(path: string | null, env: CheckEnv, what: string, dirOk = false): string | null {
  if (path === null) return `${what} a file only known at run time`;
  const arg: Arg = { raw: path, text: path, glob: false, subs: [] };
  const all = resolveIn(env, arg);
  for (const r of all) {
    if (r === null || r.glob) return `${what} ${path}, which cannot be resolved`;
    if (!(isBelow(r.abs, env.ctx.cwd) || (dirOk && r.abs === env.ctx.cwd))) return `${what} ${r.abs}, outside the workspace`;
    const real = realOf(r.abs, env.ctx);
    if (real !== r.abs && !isWithin(real, realOf(env.ctx.cwd, env.ctx))) return `${what} ${r.abs}, a link to ${real} outside the workspace`;
    if (posix.basename(r.abs).startsWith('.') && RUNNABLE.test(r.abs) && /\.env/.test(r.abs)) return `${what} ${r.abs}, a secrets file`;
  }
  return null;
}
