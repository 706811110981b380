import { posix } from 'node:path';
import { globToRegex } from './pathGlob';
import { isWithin, resolvePath } from './paths';
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
  [/\.(pem|key|p12|pfx|jks|keystore)$/i, 'key or certificate file'],
  [/^ssh_host_.*_key$/, 'SSH host key'],
];

/** Directories whose whole content is secret: handing one to `cp -r`, `tar` or `grep -r` reads the keys. */
const SECRET_DIR_ROOTS = /(^|\/)(\.ssh|\.aws|\.gnupg|\.azure|\.kube|\.password-store|\.config\/gcloud)$/;

export function isSecretDir(abs: string): boolean {
  return SECRET_DIR_ROOTS.test(abs);
}

/** Names a glob is tried against to see whether it could expand to a secret. */
const PROBES = ['.env', '.env.local', '.envrc', '.netrc', '.npmrc', 'id_rsa', 'id_ed25519', 'server.pem', 'server.key'];

/** Why `abs` is secret, or null when it is not. */
export function secretReason(abs: string, ctx: PolicyContext): string | null {
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
