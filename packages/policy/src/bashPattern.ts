/**
 * Bash rule patterns match ONE simple command (wrappers such as `timeout` or `nice` and leading
 * `VAR=value` assignments stripped), its words joined by single spaces. Compound commands are
 * split before matching, so a rule never spans `&&`, `;` or `|`.
 *
 * `*` matches any text. A trailing ` *` also matches the bare command (`Bash(ls *)` matches
 * `ls` and `ls -la` but not `lsof`). The legacy `Bash(npm test:*)` form means `Bash(npm test *)`.
 * `\*` is a literal asterisk.
 */
export function compileBashPattern(spec: string): { matches: (command: string) => boolean } | { error: string } {
  let pattern = spec.replace(/\s+/g, ' ').trim();
  const legacy = pattern.endsWith(':*');
  if (legacy) pattern = `${pattern.slice(0, -2).trimEnd()} *`;
  if (pattern.includes(':*')) return { error: '":*" may only end a Bash rule (use "*" elsewhere)' };
  if (/&&|\|\||;|(^| )\|( |$)/.test(pattern.replace(/\\;/g, ''))) {
    return { error: 'Bash rules match one command; compound commands are split and each part is judged on its own' };
  }
  if (pattern === '' || pattern === '*') return { matches: () => true };

  const optionalTail = pattern.endsWith(' *') && !pattern.endsWith('\\ *');
  const body = optionalTail ? pattern.slice(0, -2) : pattern;
  let source = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && body[i + 1] === '*') {
      source += '\\*';
      i++;
    } else if (ch === '*') {
      source += '.*';
    } else {
      source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const re = new RegExp(`^${source}${optionalTail ? '(?: .*)?' : ''}$`, 's');
  return { matches: (command: string) => re.test(command) };
}
