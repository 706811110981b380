import type { Word } from './bashIr';
import { escalate, type Verdict } from './verdict';

/** Variables whose value is a credential by name: expanding one prints or sends it. */
export const SECRET_VAR = /(KEY|TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|_PAT$|^PAT$|DSN$|DATABASE_URL|CONN(ECTION)?_STR)/i;

/**
 * Expansions that evaluate code or leak a secret, wherever they sit in a command:
 * `${!x}` (indirection: `x='a[$(cmd)]'` runs cmd), `${x@P}` (prompt expansion runs
 * substitutions), `$(( … ))` with variable names (arithmetic evaluates their values as code),
 * and `$API_KEY`-style variables.
 */
export function expansionVerdict(words: Word[]): Verdict | null {
  for (const w of words) {
    for (const p of w.parts) {
      if (p.kind === 'var' && SECRET_VAR.test(p.name)) return escalate('secret-var', `expands $${p.name}, which by its name holds a secret`);
      if (p.kind !== 'dyn') continue;
      if (/\$\{!/.test(p.text)) return escalate('eval-expansion', `${p.text.slice(0, 40)}: indirect expansion can run code hidden in a variable`);
      if (/@[PEAKaQUuLk]\}/.test(p.text)) return escalate('eval-expansion', `${p.text.slice(0, 40)}: a @ transformation can run code or print a variable's value`);
      if (/^\$\(\(|^\$\[/.test(p.text) && /[A-Za-z_]/.test(p.text.replace(/^\$\(\(|\)\)$/g, ''))) {
        return escalate('eval-expansion', `${p.text.slice(0, 40)}: arithmetic on a variable evaluates its value as code`);
      }
      const name = /^\$\{?#?([A-Za-z_][A-Za-z0-9_]*)/.exec(p.text)?.[1];
      if (name && SECRET_VAR.test(name)) return escalate('secret-var', `expands ${name}, which by its name holds a secret`);
    }
  }
  return null;
}
