/**
 * Removes secrets from text that leaves the machine (an SMS body, a webhook): an escalated
 * command often carries the very token the agent was about to use. Conservative on purpose — a
 * redacted git SHA costs nothing, a leaked API key in a text message costs a rotation.
 */

export const REDACTED = 'REDACTED';

// Names whose value is a secret, in KEY=value, --key value, "key": "value" and key: value forms.
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth(?:orization)?|credentials?|cookie|session[_-]?id|signature|client[_-]?secret)[A-Za-z0-9_.-]*`;

const RULES: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM private keys, whole block.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Credentials inside URLs: scheme://user:password@host, scheme://token@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi, (_m, scheme: string) => `${scheme}${REDACTED}@`],
  // HTTP auth headers and schemes.
  [/\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, scheme: string) => `${scheme} ${REDACTED}`],
  // KEY=value, key: value, "key": "value" (env assignments, flags with =, JSON, YAML).
  [
    new RegExp(String.raw`(${SECRET_NAME})(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s"',;&|)]+)`, 'gi'),
    (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`,
  ],
  // --password value, -p value style flags followed by a separate word.
  [new RegExp(String.raw`(--?${SECRET_NAME})(\s+)(?!-)("[^"]*"|'[^']*'|\S+)`, 'gi'), (_m, flag: string, sp: string) => `${flag}${sp}${REDACTED}`],
  // Well-known token shapes.
  [/\b(?:sk|pk|rk)-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, REDACTED],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, REDACTED],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, REDACTED],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, REDACTED],
  // JSON web tokens.
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Long hex (keys, Twilio SIDs' secrets, hashes).
  [/\b[0-9a-fA-F]{32,}\b/g, REDACTED],
];

// Long base64 / base64url runs that mix letters and digits (paths and words do not).
const LONG_B64 = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

function looksRandom(s: string): boolean {
  const core = s.replace(/=+$/, '');
  if (core.includes('/') && /^\/|\/\//.test(core)) return false; // a path
  return /[0-9]/.test(core) && /[a-z]/.test(core) && /[A-Z]/.test(core);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of RULES) out = out.replace(re, replacement as string);
  return out.replace(LONG_B64, (m) => (looksRandom(m) ? REDACTED : m));
}
