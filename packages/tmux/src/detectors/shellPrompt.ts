/**
 * Recognises a bare interactive shell prompt on the bottom row: what is left in a pane after the
 * agent process exited. Only whole-row matches count, so agent output that merely ends in `$`
 * or `#` in the middle of a sentence is not mistaken for a prompt.
 */

// Optional prefixes: a virtualenv / conda / nix-shell name; optional suffix: a git branch.
const ENV = String.raw`(?:\([\w.@+-]+\)\s+)?`;
const GIT = String.raw`(?:\s+(?:\([^)\s]+\)|git:\([^)\s]+\)|on\s+\S+))?`;

const PROMPTS: RegExp[] = [
  // $  #  %  ❯  λ  (zsh / starship / minimal prompts)
  /^[$#%❯λ]$/,
  // user@host:~/repo$   [user@host repo]$   user@host ~/repo %   (venv) user@host:~/repo (main)$
  // fish: user@host ~/repo (main)>
  new RegExp(String.raw`^${ENV}\[?[\w.-]+@[\w.-]+(?:[: ][^\s\]]*)?\]?${GIT}\s?[$#%❯>]$`),
  // bash-5.2$   sh-5.1#
  new RegExp(String.raw`^${ENV}(?:ba|z|da|k)?sh-\d+(?:\.\d+)*[$#]$`),
  // ~/repo $   repo ❯   /srv/app #   (venv) ~/repo (main) $
  new RegExp(String.raw`^${ENV}[~/]?[\w./~-]*${GIT}\s[$#%❯]$`),
  // fish without user@host: ~/repo (main)>   /srv/app>
  new RegExp(String.raw`^${ENV}[~/][\w./~-]*${GIT}\s?>$`),
  // oh-my-zsh robbyrussell: ➜  repo git:(main) ✗
  /^➜\s+[\w.~-]+(?:\s+git:\([^)]*\))?(?:\s+✗)?$/,
];

export function isBareShellPrompt(row: string | undefined): boolean {
  if (row === undefined) return false;
  const trimmed = row.trim();
  if (trimmed.length === 0 || trimmed.length > 120) return false;
  return PROMPTS.some((re) => re.test(trimmed));
}
