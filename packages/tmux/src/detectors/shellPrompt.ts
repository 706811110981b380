/**
 * Recognises a bare interactive shell prompt on the bottom row: what is left in a pane after the
 * agent process exited. Only whole-row matches count, so agent output that merely ends in `$`
 * or `#` in the middle of a sentence is not mistaken for a prompt.
 */

const PROMPTS: RegExp[] = [
  // $  #  %  ❯  λ  (zsh / starship / minimal prompts)
  /^[$#%❯λ]$/,
  // user@host:~/repo$   [user@host repo]$   user@host ~/repo %   (venv) user@host:~$
  /^(?:\([\w.@-]+\)\s+)?\[?[\w.-]+@[\w.-]+(?:[: ][^\s\]]*)?\]?\s?[$#%❯]$/,
  // bash-5.2$   sh-5.1#
  /^(?:\([\w.@-]+\)\s+)?(?:ba|z|da|k)?sh-\d+(?:\.\d+)*[$#]$/,
  // ~/repo $   repo ❯   /srv/app #
  /^(?:\([\w.@-]+\)\s+)?[~/]?[\w./~-]*\s[$#%❯]$/,
  // oh-my-zsh robbyrussell: ➜  repo git:(main) ✗
  /^➜\s+[\w.~-]+(?:\s+git:\([^)]*\))?(?:\s+✗)?$/,
];

export function isBareShellPrompt(row: string | undefined): boolean {
  if (row === undefined) return false;
  const trimmed = row.trim();
  if (trimmed.length === 0 || trimmed.length > 120) return false;
  return PROMPTS.some((re) => re.test(trimmed));
}
