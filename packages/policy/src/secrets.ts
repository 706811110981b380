import { posix } from 'node:path';
import { globToRegex } from './pathGlob';
import fs from 'node:fs';
import { isBelow, isWithin, resolvePath } from './paths';
import { realOf } from './realPath';
import type { PolicyContext } from './types';

/**
 * Files whose contents must never reach an agent (and so the model provider). Matched on the
 * resolved absolute path, wherever it lives: `/root/.ssh/id_rsa` is as secret as `~/.ssh/id_rsa`.
 */
const SECRET_DIRS: Array<[RegExp, string]> = [
  [/(^|\/)\.ssh\/(?!.*\.pub$)./, 'SSH keys (~/.ssh)'],
  [/(^|\/)\.aws\/./, 'AWS credentials (~/.aws)'],
  [/(^|\/)\.config\/gcloud(\/|$)/, 'Google Cloud credentials (~/.config/gcloud)'],
  [/(^|\/)\.azure(\/|$)/, 'Azure credentials (~/.azure)'],
  [/(^|\/)\.kube\/./, 'Kubernetes credentials (~/.kube)'],
  [/(^|\/)\.gnupg(\/|$)/, 'GnuPG keys (~/.gnupg)'],
  [/(^|\/)\.password-store(\/|$)/, 'password store'],
  [/(^|\/)\.docker\/config\.json$/, 'Docker credentials (~/.docker/config.json)'],
  [/(^|\/)\.config\/gh\/hosts\.yml$/, 'GitHub CLI token'],
  [/(^|\/)\.claude\/\.credentials\.json$/, "Claude Code's credentials"],
  [/(^|\/)\.claude\.json$/, "Claude Code's account file"],
  [/(^|\/)\.codex\/(auth\.json|credentials)/, "Codex's credentials"],
  [/(^|\/)\.cargo\/credentials(\.toml)?$/, 'cargo registry token'],
  [/(^|\/)\.terraform\.d\/credentials\.tfrc\.json$/, 'Terraform Cloud token'],
  [/(^|\/)\.config\/rclone\/rclone\.conf$/, 'rclone remotes (keys)'],
  [/(^|\/)\.config\/(hub|op|doppler|heroku|netlify|vercel|stripe|fly)(\/|$)/, 'a CLI token directory'],
  [/(^|\/)\.(netlify|vercel|fly)\/(config|auth)/, 'a CLI token'],
  [/(^|\/)\.gem\/credentials$/, 'RubyGems token'],
  [/(^|\/)\.config\/pip\/pip\.conf$/, 'pip index credentials'],
  [/(^|\/)\.m2\/settings(-security)?\.xml$/, 'Maven credentials'],
  [/(^|\/)\.gradle\/gradle\.properties$/, 'Gradle credentials'],
  [/(^|\/)\.(bash|zsh|sh|python|node_repl|psql|mysql|sqlite|irb|lesshst|rediscli)_?history$/, 'shell history (pasted secrets)'],
  [/(^|\/)\.local\/share\/(fish\/fish_history|keyrings)/, 'shell history or keyring'],
  [/^\/proc\/[^/]+\/environ$/, 'process environment'],
  [/^\/etc\/(g?shadow|sudoers)(\/|$|-)/, 'system credentials'],
];

const SECRET_NAMES: Array<[RegExp, string]> = [
  [/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/, 'private SSH key'],
  [/^\.env$/, '.env file'],
  [/^\.env\.(?!(example|sample|template|dist|defaults)$).+$/, '.env file'],
  [/^\.envrc$/, '.envrc file'],
  [/^[._]netrc$/, '.netrc credentials'],
  [/^\.npmrc$/, '.npmrc (registry tokens)'],
  [/^\.pypirc$/, '.pypirc (registry tokens)'],
  [/^\.git-credentials$/, 'git credentials'],
  [/^\.pgpass$/, 'PostgreSQL passwords'],
  [/^\.vault-token$/, 'Vault token'],
  [/^(credentials|credentials\.json|service-account.*\.json|.*-sa-key\.json|client_secrets?\.json|token\.json)$/, 'a credentials file'],
  [/^vault\.key$/, 'a vault key'],
  [/\.(pem|key|p12|pfx|jks|keystore)$/i, 'key or certificate file'],
  [/^ssh_host_.*_key$/, 'SSH host key'],
];

/** Directories whose whole content is secret: handing one to `cp -r`, `tar` or `grep -r` reads the keys. */
const SECRET_DIR_ROOTS = /(^|\/)(\.ssh|\.aws|\.gnupg|\.azure|\.kube|\.password-store|\.config\/gcloud)$/;

export function isSecretDir(abs: string): boolean {
  return SECRET_DIR_ROOTS.test(abs);
}

/** Names a glob is tried against to see whether it could expand to a secret. */
const PROBES = ['.env', '.env.local', '.envrc', '.netrc', '.npmrc', '.pgpass', '.pypirc', '.git-credentials', '.vault-token', '.bash_history', '.zsh_history', 'id_rsa', 'id_ed25519', 'server.pem', 'server.key', 'credentials', 'credentials.json', 'credentials.toml', 'auth.json', '.credentials.json', 'hosts.yml', 'rclone.conf', 'config.json', 'credentials.tfrc.json'];

/** A filter glob (`grep --include`, `rg -g`, a Grep tool's glob) that selects secret-named files, dot-files included. */
export function filterGlobRisk(glob: string, ctx: PolicyContext): string | null {
  const last = glob.split('/').pop() ?? glob;
  if (last === '' || last === '*' || last === '**') return null;
  const re = new RegExp(`^${globToRegex(last.replace(/^!/, ''))}$`);
  if (glob.startsWith('!')) return null;
  for (const probe of PROBES) if (re.test(probe)) return secretByName(`/x/${probe}`, ctx) ?? (glob.includes('..') ? 'a path outside the search' : null);
  return null;
}

/** Why `abs` is secret, or null when it is not. Symbolic links are followed: the real path counts too. */
export function secretReason(abs: string, ctx: PolicyContext): string | null {
  const lexical = secretByName(abs, ctx);
  if (lexical) return lexical;
  const real = realOf(abs, ctx);
  return real === abs ? null : secretByName(real, ctx);
}

/** Home-relative places that hold credentials; a directory above any of them holds secrets. */
const HOME_SECRETS = ['.ssh', '.aws', '.azure', '.kube', '.gnupg', '.password-store', '.docker', '.claude', '.codex', '.cargo', '.terraform.d', '.config', '.netrc', '.npmrc', '.pypirc', '.pgpass', '.git-credentials', '.bash_history', '.zsh_history'];

/**
 * Does a recursive read of `dir` (grep -r, rg --hidden, cp -r, tar, a Grep tool search) reach
 * secrets? Yes for a credentials directory, for home and everything above it, for a directory
 * holding a protected path or one of home's credential stores, and for one that holds a
 * secret-named file at its top (a project's `.env`).
 */
export function holdsSecrets(dir: string, ctx: PolicyContext, hidden = true): string | null {
  const real = realOf(dir, ctx);
  for (const d of new Set([dir, real])) {
    if (isSecretDir(d) || secretByName(d, ctx)) return secretByName(`${d}/x`, ctx) ?? 'a credentials directory';
    if (isWithin(ctx.home, d)) return 'the home directory, keys included';
    for (const p of ctx.protectedPaths ?? []) {
      const prot = resolvePath(p, ctx.cwd, ctx.home);
      if (prot && isWithin(prot, d)) return `protected path ${p}`;
    }
    for (const h of HOME_SECRETS) if (isBelow(`${ctx.home}/${h}`, d) || (isWithin(d, `${ctx.home}/${h}`) && h === '.config')) return `credentials under ${d}`;
  }
  for (const name of hidden ? topLevelNames(real) : []) {
    const why = secretByName(`${real}/${name}`, ctx);
    if (why) return `${why} (${name})`;
  }
  return null;
}

function topLevelNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir).slice(0, 2000);
  } catch {
    return [];
  }
}

export function secretByName(abs: string, ctx: PolicyContext = { cwd: '/', home: '/nonexistent' }): string | null {
  for (const p of ctx.protectedPaths ?? []) {
    const prot = resolvePath(p, ctx.cwd, ctx.home);
    // A database's WAL and journal files hold its data too.
    const sidecar = prot !== null && abs.startsWith(prot) && /^-(wal|shm|journal)$/.test(abs.slice(prot.length));
    if (prot && (isWithin(abs, prot) || sidecar)) return `protected path ${p}`;
  }
  for (const [re, why] of SECRET_DIRS) if (re.test(abs)) return why;
  const name = posix.basename(abs);
  for (const [re, why] of SECRET_NAMES) if (re.test(name)) return why;
  return null;
}

/**
 * Could the glob `absPattern` (already made absolute) expand to a secret? 'certain' when its
 * fixed directory is itself secret (`~/.ssh/*`), 'maybe' when its last segment could match a
 * secret name (`.env*`, `*.pem`, `~/.*`). A glob never matches dot-files unless it starts with a
 * dot, and a bare `*` inside the workspace is not suspect (`grep foo *`).
 */
export function globSecretRisk(absPattern: string, ctx: PolicyContext): { risk: 'certain' | 'maybe'; why: string } | null {
  const segments = absPattern.split('/');
  const firstGlob = segments.findIndex((s) => /[*?[]/.test(s));
  const fixed = segments.slice(0, firstGlob).join('/') || '/';
  const dirWhy = secretReason(`${fixed}/x`, ctx);
  if (dirWhy) return { risk: 'certain', why: dirWhy };
  // A pattern whose every wildcard stands for one name (`/proc/*/environ`, `~/.codex/*.json`) is tried as that name.
  const stand = secretReason(segments.map((s) => s.replace(/[*?]|\[[^\]]*\]/g, 'x')).join('/'), ctx);
  if (stand && !/\*/.test(segments.at(-1) ?? '')) return { risk: 'maybe', why: stand };
  for (const match of expandOnDisk(absPattern)) {
    const why = secretReason(match, ctx);
    if (why) return { risk: 'certain', why: `${why} (${match})` };
  }
  const last = segments[segments.length - 1] ?? '';
  const lastRe = new RegExp(`^${globToRegex(last)}$`);
  const parent = segments.slice(0, -1).join('/') || '/';
  const insideCwd = isWithin(parent, ctx.cwd) && !/[*?[]/.test(parent);
  for (const probe of PROBES) {
    if (insideCwd && last === '*') break;
    if (!lastRe.test(probe)) continue;
    if (probe.startsWith('.') && !last.startsWith('.')) continue; // globs skip dot-files
    const why = secretReason(`${parent.replace(/[*?[\]]/g, 'x')}/${probe}`, ctx);
    if (why) return { risk: 'maybe', why };
  }
  return null;
}

/** Expand a glob against the real file system (a bounded walk), for a worst-case check of what it names. */
function expandOnDisk(absPattern: string): string[] {
  const segments = absPattern.split('/').filter(Boolean);
  let paths = ['/'];
  for (const seg of segments) {
    const next: string[] = [];
    const re = /[*?[]/.test(seg) ? new RegExp(`^${globToRegex(seg)}$`) : null;
    for (const p of paths) {
      if (!re) {
        next.push(posix.join(p, seg));
        continue;
      }
      for (const name of topLevelNames(p)) if (re.test(name) && (seg.startsWith('.') || !name.startsWith('.'))) next.push(posix.join(p, name));
    }
    paths = next.slice(0, 500);
    if (paths.length === 0) break;
  }
  return paths;
}
