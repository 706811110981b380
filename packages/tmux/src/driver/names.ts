import { TmuxArgumentError } from './errors';

/** Session names Architect accepts (SPEC §3). */
export const SESSION_NAME_RE = /^[A-Za-z0-9_.-]+$/;
const TARGET_RE = /^([A-Za-z0-9_.-]+)(?::(\d+)(?:\.(\d+))?)?$/;
const ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertSessionName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || !SESSION_NAME_RE.test(name)) {
    throw new TmuxArgumentError(`invalid session name ${JSON.stringify(name)}: must match [A-Za-z0-9_.-]+ (1-64 chars)`, { name });
  }
}

/**
 * tmux silently renames a session whose name holds '.' or ':' ('a.b' becomes 'a_b'), so the
 * driver addresses every session by the name tmux will actually use. Callers comparing a
 * listing with configured names must map the configured names through this too.
 */
export function tmuxSessionName(name: string): string {
  assertSessionName(name);
  return name.replaceAll('.', '_');
}

/**
 * `name`, `name:window` or `name:window.pane` → an exact tmux target. The leading '=' stops
 * tmux's prefix matching ('-t dev' would otherwise hit 'dev_worker1'), and a bare session gets
 * a trailing ':' so pane commands resolve to its active pane instead of failing.
 */
export function exactTarget(target: string): string {
  const m = typeof target === 'string' ? TARGET_RE.exec(target) : null;
  if (!m) throw new TmuxArgumentError(`invalid tmux target ${JSON.stringify(target)}: expected name[:window[.pane]]`, { target });
  const session = tmuxSessionName(m[1]!);
  if (m[2] === undefined) return `=${session}:`;
  return m[3] === undefined ? `=${session}:${m[2]}` : `=${session}:${m[2]}.${m[3]}`;
}

export function assertEnvKey(key: string): void {
  if (!ENV_KEY_RE.test(key)) throw new TmuxArgumentError(`invalid environment variable name ${JSON.stringify(key)}`, { key });
}

/**
 * Keys `sendKey` may press: what answering prompts and dialogs needs, nothing that could type
 * text (text goes through sendLiteral / pasteText, which never interpret key names).
 */
export const ALLOWED_KEYS: ReadonlySet<string> = new Set([
  'Enter', 'Escape', 'Tab', 'BTab', 'Space', 'BSpace', 'DC',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown',
  'C-c', 'C-d', 'C-u', 'C-l', 'C-w', 'C-a', 'C-e', 'C-j', 'C-m',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
  // Aider's (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again prompts
  'y', 'n', 'a', 's', 'd', 'Y', 'N', 'A', 'S', 'D',
]);

export function assertKey(key: string): void {
  if (!ALLOWED_KEYS.has(key)) throw new TmuxArgumentError(`key ${JSON.stringify(key)} is not on the allowlist`, { key });
}

/** tmux argv cannot carry NUL; everything else passes through byte for byte. */
export function assertNoNul(text: string, what: string): void {
  if (text.includes('\0')) throw new TmuxArgumentError(`${what} contains a NUL byte`);
}
