import type { Arg } from './args';
import { escalate, type Verdict } from './verdict';

/**
 * Options that make an otherwise harmless program run another command (GTFOBins-style):
 * `tar --to-command=…`, `rsync -e …`, `zip -TT …`, `vim -c '!…'`, `ssh -o ProxyCommand=…`,
 * `git fetch --upload-pack=…`. The command they run is hidden in a string, so they escalate.
 */
const EXEC_OPTIONS: Record<string, RegExp> = {
  tar: /^(--to-command|--use-compress-program|-I|--checkpoint-action|--info-script|--new-volume-script|-F)(=|$)/,
  rsync: /^(-e|--rsh|--rsync-path)(=|$)/,
  zip: /^(-T|-TT|--unzip-command)(=|$)/,
  sort: /^--compress-program(=|$)/,
  ssh: /^-o\s*(ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand)/i,
  scp: /^-o\s*(ProxyCommand|LocalCommand)|^-S$/i,
  sftp: /^-o\s*(ProxyCommand|LocalCommand)|^-S$/i,
  vim: /^(-c|--cmd|-S|\+)/,
  vi: /^(-c|--cmd|-S|\+)/,
  nvim: /^(-c|--cmd|-S|\+)/,
  man: /^(-P|--pager|-H|--html)(=|$)/,
  gdb: /^(-ex|--ex|-x|--command|-batch|--batch)(=|$)/,
  flock: /^(-c|--command)(=|$)/,
  npx: /^(-c|--call)(=|$)/,
  npm: /^(-c|--call)(=|$)/,
  git: /^(--upload-pack|--receive-pack|--exec|--extcmd|--open-files-in-pager|-O|--ext-diff)(=|$)/,
};

/** Programs that exist to run a command later or elsewhere in a way we cannot follow. */
const SCHEDULERS = new Set(['at', 'batch', 'parallel', 'script', 'expect', 'systemd-run', 'launchctl']);

export function checkExecOptions(name: string, args: Arg[]): Verdict | null {
  if (SCHEDULERS.has(name)) return escalate('runs-hidden-command', `${name} runs commands it reads from elsewhere`);
  const re = EXEC_OPTIONS[name];
  if (!re) return null;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]?.text ?? '';
    // `ssh -o ProxyCommand=…` may come as two words.
    const joined = t === '-o' ? `-o${args[i + 1]?.text ?? ''}` : t;
    if (re.test(joined)) return escalate('exec-option', `${name} ${t} makes it run another command`);
  }
  return null;
}

/**
 * Runners whose job is to start another command (`npx rimraf /`, `poetry run cmd`, `strace cmd`,
 * `cross-env A=1 cmd`): that command is judged too, as a part that needs no allow rule of its
 * own (the rules match the command as written, `Bash(npx prettier *)`, as in Claude Code).
 */
export function runnerTarget(name: string, args: Arg[]): Arg[] | null {
  const words = args.map((a) => a.text ?? '');
  const afterOptions = (from: number, valued: RegExp = /^$/): Arg[] => {
    let i = from;
    while (i < args.length && (words[i] ?? '').startsWith('-')) i += valued.test(words[i] ?? '') ? 2 : 1;
    if (words[i - 1] === '--') return args.slice(i);
    return args.slice(i);
  };
  switch (name) {
    case 'npx':
    case 'pnpx':
    case 'bunx':
      return afterOptions(0, /^(-p|--package|-c|--call)$/);
    case 'pnpm':
    case 'yarn':
      return words[0] === 'dlx' || words[0] === 'exec' ? afterOptions(1) : null;
    case 'npm':
      return words[0] === 'exec' || words[0] === 'x' ? afterOptions(1, /^(-p|--package|-c|--call)$/) : null;
    case 'bun':
      return words[0] === 'x' ? afterOptions(1) : null;
    case 'poetry':
    case 'pipenv':
    case 'uv':
    case 'pdm':
    case 'hatch':
    case 'rye':
    case 'doppler':
      return words[0] === 'run' ? afterOptions(1) : null;
    case 'bundle':
      return words[0] === 'exec' ? afterOptions(1) : null;
    case 'direnv':
      return words[0] === 'exec' ? args.slice(2) : null;
    case 'cross-env':
    case 'dotenv':
      return afterOptions(0).filter((a, i, all) => !all.slice(0, i + 1).every((b) => /^[A-Za-z_]\w*=/.test(b.text ?? '')));
    case 'strace':
    case 'ltrace':
      return afterOptions(0, /^(-o|-e|-p|-s|-u|-E)$/);
    case 'unshare':
    case 'firejail':
    case 'chronic':
    case 'xvfb-run':
    case 'nsenter':
      return afterOptions(0);
    case 'flock':
      return afterOptions(0, /^(-w|--timeout|-E|--conflict-exit-code)$/).slice(1);
    case 'coproc':
      return args;
    default:
      return null;
  }
}
