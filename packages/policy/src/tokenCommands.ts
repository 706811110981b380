import type { Arg } from './args';
import { escalate, type Verdict } from './verdict';

/**
 * Commands whose output is a credential or the whole environment (API keys live there). The
 * agent's output goes to the model provider, so these escalate under every config, even one
 * that allows everything.
 */
const TOKEN_COMMANDS: Array<[string, RegExp, string]> = [
  ['gh', /^auth (token|status .*(--show-token|-t)\b)|^auth status( .*)? (-t|--show-token)\b/, 'prints the GitHub token'],
  ['git', /^(.* )?credential(-\w+)? (fill|get)\b|^(.* )?credential-(store|cache|osxkeychain|libsecret|manager)\b/, 'prints stored git credentials'],
  ['git', /^(.* )?config .*credential\./, 'reads git credential settings'],
  ['printenv', /.*/, 'prints environment variables, which hold API keys'],
  ['aws', /^(.* )?(sts get-session-token|sts assume-role|configure (get|export-credentials|list)|ecr get-login-password|ecr-public get-login-password|sso get-role-credentials|secretsmanager get-secret-value|ssm get-parameter)/, 'prints AWS credentials'],
  ['gcloud', /^(.* )?auth (print-access-token|print-identity-token|application-default print-access-token)|^(.* )?config config-helper|secrets versions access/, 'prints a Google Cloud token'],
  ['az', /^(.* )?account get-access-token|keyvault secret show/, 'prints an Azure token'],
  ['kubectl', /^(.* )?config view .*--raw|^(.* )?get secrets?\b.*-o|create token/, 'prints Kubernetes credentials'],
  ['heroku', /^auth:token/, 'prints the Heroku token'],
  ['npm', /^(.* )?token\b/, 'prints npm tokens'],
  ['vault', /^(.* )?(token|read|kv get|print token)\b/, 'prints Vault secrets'],
  ['op', /^(.* )?(read|item get|inject)\b/, 'prints 1Password secrets'],
  ['doppler', /^(.* )?secrets\b/, 'prints Doppler secrets'],
  ['security', /^(find-generic-password|find-internet-password|dump-keychain)/, 'prints keychain secrets'],
  ['secret-tool', /^(lookup|search)/, 'prints stored secrets'],
  ['gpg', /^(.* )?(--export-secret-keys|--export-secret-subkeys|-d|--decrypt)\b/, 'prints secret keys or decrypts'],
  ['compgen', /^(.* )?-[a-zA-Z]*[ev]/, 'lists variables'],
];

export function tokenVerdict(name: string, args: Arg[]): Verdict | null {
  const line = args.map((a) => a.text ?? a.raw).join(' ');
  for (const [program, re, why] of TOKEN_COMMANDS) {
    if (program === name && re.test(line)) return escalate('token-print', `${name} ${line.slice(0, 60)} ${why}`);
  }
  if ((name === 'declare' || name === 'typeset') && args.some((a) => /^-[a-zA-Z]*p/.test(a.text ?? ''))) return escalate('token-print', `${name} -p prints variables' values, API keys included`);
  if ((name === 'export' || name === 'readonly') && (args.length === 0 || args.some((a) => a.text === '-p'))) return escalate('token-print', `${name} -p prints every exported variable, API keys included`);
  if (name === 'set' && args.length === 0) return escalate('token-print', 'set alone prints every variable, API keys included');
  // BSD-style `ps e`/`ps auxe` and `-e` with `e` in an output spec show each process's environment.
  if (name === 'ps' && args.some((a) => /^[a-zA-Z]*e[a-zA-Z]*$/.test(a.text ?? '') && !(a.text ?? '').startsWith('-'))) return escalate('token-print', 'ps e shows the environment of every process');
  if (name === 'ps' && args.some((a) => /^-[a-zA-Z]*o$|^--format$|^-o.*environ|^eww?$/.test(a.text ?? '') || /environ|\benv\b/.test(a.text ?? ''))) {
    if (args.some((a) => /environ|\benv\b/.test(a.text ?? ''))) return escalate('token-print', 'ps shows process environments');
  }
  return null;
}
