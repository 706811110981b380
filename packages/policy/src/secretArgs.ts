import type { Arg } from './args';
import { isWithin } from './paths';
import { filterGlobRisk, globSecretRisk, holdsSecrets, isSecretDir, secretReason } from './secrets';
import { deny, escalate, resolveIn, worst, type CheckEnv, type Verdict } from './verdict';

/** Commands that only look at names or metadata, never contents: naming a secret to them is fine. */
const METADATA_ONLY = new Set(['echo', 'printf', 'ls', 'stat', 'test', '[', 'file', 'du', 'which', 'type', 'basename', 'dirname', 'realpath', 'readlink', 'touch', 'mkdir', 'cd', 'pushd']);

/** Commands that read the files they are given: an argument we cannot resolve might be a secret. */
const READERS = new Set([
  'cat', 'tac', 'less', 'more', 'head', 'tail', 'nl', 'od', 'xxd', 'hexdump', 'strings', 'base64', 'base32',
  'cp', 'scp', 'rsync', 'mv', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'awk', 'gawk', 'cut', 'sort',
  'uniq', 'diff', 'cmp', 'vim', 'vi', 'view', 'nano', 'emacs', 'openssl', 'gpg', 'tar', 'zip', 'gzip', 'bzip2',
  'xz', 'zcat', 'bat', 'jq', 'yq', 'source', '.', 'dd', 'paste', 'join', 'comm', 'split', 'fold', 'rev', 'sum',
  'md5sum', 'sha1sum', 'sha256sum', 'cksum', 'iconv', 'column', 'look', 'pr', 'fmt', 'expand', 'ssh-keygen',
]);

/** Readers that walk directories, so a home directory argument reads every key under it. */
const RECURSIVE_READERS = new Set(['grep', 'egrep', 'rg', 'ag', 'ack', 'cp', 'scp', 'rsync', 'tar', 'zip', 'du']);

/** Their unresolvable targets are judged by the delete rules (`delete-unresolved`). */
const DELETERS = new Set(['rm', 'rmdir', 'unlink', 'shred']);
const UPLOADERS = new Set(['curl', 'wget', 'http', 'https', 'xh']);
const FILTER_OPTS = /^(--include|--glob|--iglob|-g|--include-dir)(?:=(.*))?$/;

/** Is this use of a recursive reader really recursive (grep needs -r; rg, cp -r, tar always walk)? */
function isRecursive(name: string, args: Arg[]): boolean {
  if (name === 'grep' || name === 'egrep' || name === 'fgrep') return args.some((a) => /^-[a-zA-Z]*[rR]|^--(recursive|dereference-recursive|directories=recurse)$/.test(a.text ?? ''));
  if (name === 'cp' || name === 'scp') return args.some((a) => /^-[a-zA-Z]*[rRa]|^--(recursive|archive)$/.test(a.text ?? ''));
  if (name === 'du') return false;
  return true;
}

/** Where a path may hide inside an argument: `--file=P`, `if=P`, `@P` (curl), `name=@P`. */
function pathCandidates(arg: Arg): Arg[] {
  const t = arg.text;
  if (t === null) return [arg];
  const out = [arg];
  const eq = t.indexOf('=');
  if (eq > 0) out.push({ ...arg, text: t.slice(eq + 1).replace(/^@/, '') });
  if (t.startsWith('@')) out.push({ ...arg, text: t.slice(1) });
  return out;
}

/**
 * Reading secrets: any argument of (almost) any command that resolves to a secret file is
 * refused, whatever the program, because new readers are easy to invent (`base32`, `xxd`,
 * `python -m base64`) and hard to list.
 */
export function checkSecretArgs(name: string, args: Arg[], env: CheckEnv): Verdict | null {
  if (METADATA_ONLY.has(name)) return null;
  const verdicts: Array<Verdict | null> = [];
  const recursive = RECURSIVE_READERS.has(name);
  // rg skips hidden files unless told otherwise; grep -r, cp -r and tar read them all.
  const hiddenToo = name !== 'rg' || args.some((a) => /^(--hidden|--no-ignore.*|-u+|--unrestricted|-\.)$/.test(a.text ?? ''));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Arg;
    if (arg.text === null) {
      if (READERS.has(name)) verdicts.push(escalate('read-unresolved', `${name} ${arg.raw}: cannot tell which file is read`));
      // curl -F "f=@$X": an upload of a file only known at run time.
      else if (/@/.test(arg.raw) && UPLOADERS.has(name)) verdicts.push(escalate('read-unresolved', `${name} ${arg.raw}: uploads a file only known at run time`));
      continue;
    }
    const filter = FILTER_OPTS.exec(arg.text);
    const filterValue = filter ? (filter[2] ?? args[i + 1]?.text ?? null) : null;
    if (filter && (name === 'grep' || name === 'rg' || name === 'egrep' || name === 'fgrep' || name === 'ag')) {
      const why = filterValue === null ? 'a filter only known at run time' : filterGlobRisk(filterValue, env.ctx);
      if (why) verdicts.push(escalate('secret-read', `${name} ${arg.text} selects ${why}`));
    }
    for (const cand of pathCandidates(arg)) {
      for (const r of resolveIn(env, cand)) {
        if (r === null) {
          // `~user/…`, `~-/…`, a relative path after `cd "$X"`: could be anything, a key included.
          if (cand === arg && !(arg.text ?? '').startsWith('-') && !DELETERS.has(name)) verdicts.push(escalate('read-unresolved', `${name} ${arg.raw}: cannot tell which file this is`));
          continue;
        }
        if (r.glob) {
          const risk = globSecretRisk(r.abs, env.ctx);
          if (risk) verdicts.push((risk.risk === 'certain' ? deny : escalate)('secret-read', `${name} ${arg.raw} may read ${risk.why}`));
          continue;
        }
        const why = secretReason(r.abs, env.ctx) ?? (isSecretDir(r.abs) ? 'a credentials directory' : null);
        if (why) verdicts.push(deny('secret-read', `${name} ${arg.raw} reads ${why}`));
        else if (recursive && (r.abs === '/' || isWithin(env.ctx.home, r.abs))) {
          verdicts.push(escalate('secret-read-recursive', `${name} ${arg.raw} reads the whole home directory, keys included`));
        } else if (recursive && isRecursive(name, args)) {
          const holds = holdsSecrets(r.abs, env.ctx, hiddenToo);
          if (holds) verdicts.push(escalate('secret-read-recursive', `${name} ${arg.raw} reads every file below it: ${holds}`));
        }
      }
    }
  }
  return worst(verdicts);
}
