import type { ProgramModel } from './spec';

/**
 * git as agents use it. Destructive verbs are refused by gitRules whatever the config; this
 * model is the other half: a subcommand or option it does not list (`read-tree`, `checkout-index`,
 * `send-pack`, `branch -f`, `switch -C`, `checkout -B`, `clone --config`, `diff --output`) is not
 * understood and escalates under `Bash(git *)`.
 */
const DIFF_OPTS =
  '-p -u -s -U= -M? -C? -B? -R -a -w -b -W -z --patch --no-patch --unified= --raw --stat? --numstat --shortstat --dirstat? --summary --name-only --name-status --color? --no-color --word-diff? --word-diff-regex= --color-words? --no-renames --find-renames? --find-copies? --ignore-space-change --ignore-all-space --ignore-blank-lines --ignore-cr-at-eol --ignore-submodules? --text --minimal --patience --histogram --diff-algorithm= --abbrev? --full-index --binary --relative? --exit-code --quiet --diff-filter= -S= -G= --pickaxe-all --no-ext-diff --no-textconv --src-prefix= --dst-prefix= --no-prefix --function-context --compact-summary --stat-width= --ita-invisible-in-index --submodule?';

const LOG_OPTS = `${DIFF_OPTS} -n= -NUM --oneline --graph --decorate? --no-decorate --all --branches? --tags? --remotes? --author= --committer= --grep= --since= --until= --after= --before= --max-count= --skip= --reverse --first-parent --merges --no-merges --format= --pretty? --date= --follow --abbrev-commit --no-abbrev-commit --left-right --cherry-pick --cherry-mark --boundary --ancestry-path --simplify-by-decoration --source --topo-order --date-order -i --regexp-ignore-case -E --extended-regexp -F --fixed-strings --invert-grep --all-match -L= --show-signature --walk-reflogs -g --full-history --no-walk? --notes? --mailmap --use-mailmap -m --cc --dd --remerge-diff`;

const QUIET = '-q --quiet -v --verbose';

export const GIT: ProgramModel = {
  subOptional: true,
  maxOperands: 0,
  globals: '--no-pager -P --paginate --no-optional-locks --literal-pathspecs --no-replace-objects --bare --help -h --version',
  opts: '-C=r --git-dir=r --work-tree=r',
  subs: {
    status: { opts: `-s -b -u? -z --short --branch --porcelain? --long --untracked-files? --ignored? --ignore-submodules? --show-stash --ahead-behind --no-ahead-behind --renames --no-renames --column? --no-column ${QUIET}`, operands: 'read' },
    diff: { opts: `${DIFF_OPTS} --cached --staged --merge-base --no-index --check -1 -2 -3 --base --ours --theirs`, operands: 'read' },
    log: { opts: LOG_OPTS, operands: 'read' },
    show: { opts: LOG_OPTS, operands: 'read' },
    shortlog: { opts: '-s -n -e -c --summary --numbered --email --committer --group= --all', operands: 'read' },
    reflog: { opts: LOG_OPTS, subs: { show: { opts: LOG_OPTS, operands: 'read' } }, subOptional: true, operands: 'read' },
    blame: { opts: '-L= -l -t -s -e -w -M? -C? -p --porcelain --line-porcelain --incremental --root --show-name --show-number --show-email --date= --since= --abbrev= --color-lines --color-by-age --ignore-rev= --ignore-revs-file=r', operands: 'read' },
    grep: { opts: '-n -i -l -L -c -v -w -E -F -P -e= -h -H -o -q -z -A= -B= -C= -W -p --line-number --ignore-case --files-with-matches --files-without-match --count --invert-match --word-regexp --extended-regexp --fixed-strings --perl-regexp --cached --untracked --no-index --recurse-submodules --max-depth= --heading --break --full-name --all-match --and --or --not --column --show-function --function-context --threads= --color? --no-color', operands: 'read' },
    'ls-files': { opts: '-c -d -m -o -i -s -u -k -z -t -v -f --cached --deleted --modified --others --ignored --stage --unmerged --killed --exclude= -x= --exclude-standard --exclude-from=r --error-unmatch --full-name --recurse-submodules --abbrev? --directory --no-empty-directory --eol --deduplicate --format=', operands: 'read' },
    'ls-tree': { opts: '-d -r -t -l -z --name-only --name-status --object-only --full-name --full-tree --abbrev? --format=', operands: 'read' },
    'ls-remote': { opts: '-h -t --heads --tags --refs --get-url --symref -q --quiet --exit-code --sort=', operands: 'data' },
    'rev-parse': { opts: '--abbrev-ref? --short? --verify --quiet -q --show-toplevel --show-prefix --show-cdup --git-dir --git-common-dir --absolute-git-dir --is-inside-work-tree --is-inside-git-dir --is-bare-repository --is-shallow-repository --symbolic-full-name --symbolic --all --branches? --tags? --remotes? --default= --show-superproject-working-tree --sq --path-format= --local-env-vars --resolve-git-dir', operands: 'data' },
    'rev-list': { opts: LOG_OPTS + ' --count --objects', operands: 'data' },
    'merge-base': { opts: '--all --octopus --independent --is-ancestor --fork-point', operands: 'data' },
    'name-rev': { opts: '--tags --refs= --name-only --all --always', operands: 'data' },
    'cat-file': { opts: '-t -s -e -p --batch? --batch-check? --textconv --filters', operands: 'data' },
    'for-each-ref': { opts: '--format= --sort= --count= --points-at= --merged? --no-merged? --contains? --no-contains?', operands: 'data' },
    'show-ref': { opts: '--head --heads --tags --branches -d --dereference -s --hash? --verify --quiet -q --exists', operands: 'data' },
    'symbolic-ref': { opts: '-q --quiet --short', operands: 'data', maxOperands: 1 },
    describe: { opts: '--tags --all --long --abbrev= --always --dirty? --exact-match --match= --exclude= --first-parent --contains', operands: 'data' },
    'count-objects': { opts: '-v -H --verbose --human-readable', maxOperands: 0 },
    'check-ignore': { opts: '-q -v -n -z --quiet --verbose --non-matching --no-index --stdin', operands: 'read' },
    'check-attr': { opts: '-a --all --cached --stdin -z', operands: 'read' },
    'var': { opts: '-l', operands: 'data', maxOperands: 1 },
    version: { opts: '--build-options', maxOperands: 0 },
    help: { opts: '-a -g --all --guides', operands: 'data' },
    add: { opts: `-A -u -N -p -f -n -e --all --update --intent-to-add --patch --dry-run --no-all --ignore-removal --ignore-errors --renormalize --chmod= --pathspec-from-file=r --sparse ${QUIET}`, operands: 'read' },
    commit: { opts: `-m= -a -F=r -s -n -S? -e --message= --all --file=r --amend --no-edit --edit --signoff --no-verify --no-gpg-sign --gpg-sign? --allow-empty --allow-empty-message --author= --date= --fixup= --squash= -C= -c= --reuse-message= --reedit-message= --only -o --include -i --status --no-status --cleanup= --dry-run --porcelain --short --trailer= -u? --untracked-files? ${QUIET}`, operands: 'read' },
    mv: { opts: '-k -n -v --dry-run --verbose', operands: 'write' },
    rm: { opts: '-r --cached -n --dry-run --ignore-unmatch --sparse -q --quiet', operands: 'write' },
    restore: { opts: '-S --staged -s= --source= -p --patch', operands: 'write' },
    branch: { opts: `-a -r -l -v -vv -d --delete -u= --set-upstream-to= --unset-upstream --list --all --remotes --show-current --contains? --no-contains? --merged? --no-merged? --sort= --format= --points-at= --column? --no-column --track? --no-track -m --move -c --copy --color? --no-color --abbrev= --omit-empty --create-reflog ${QUIET}`, operands: 'data' },
    checkout: { opts: `-b= --track? --no-track --detach --recurse-submodules --no-recurse-submodules --guess --no-guess --progress --no-progress ${QUIET}`, operands: 'data', maxOperands: 2 },
    switch: { opts: `-c= --create= -d --detach --guess --no-guess -t --track? --no-track --orphan= --progress --no-progress --recurse-submodules ${QUIET}`, operands: 'data', maxOperands: 2 },
    fetch: { opts: `--all --prune -p --tags -t --no-tags --depth= --deepen= --unshallow --dry-run -n --multiple --recurse-submodules? --jobs= -j= --filter= --progress --set-upstream --atomic --prefetch ${QUIET}`, operands: 'data' },
    pull: { opts: `--rebase? -r --no-rebase --ff --no-ff --ff-only --squash --no-squash --commit --no-commit --edit --no-edit --autostash --no-autostash --tags --no-tags --prune -p --depth= --all --stat --no-stat -n --verify --no-verify --progress --recurse-submodules? -X= --strategy-option= -s= --strategy= ${QUIET}`, operands: 'data' },
    push: { opts: `-u --set-upstream --tags --follow-tags --no-verify --dry-run -n --atomic --porcelain --progress --no-progress --signed? --push-option= -o= --recurse-submodules= --no-recurse-submodules ${QUIET}`, operands: 'data' },
    merge: { opts: `--ff --no-ff --ff-only --squash --no-squash --commit --no-commit --edit --no-edit -e -m= --message= --abort --continue --quit --autostash --no-autostash --stat --no-stat -n --log? --no-log --signoff --no-verify --allow-unrelated-histories -X= --strategy-option= -s= --strategy= ${QUIET}`, operands: 'data' },
    'cherry-pick': { opts: '-x -e -n -m= -s --edit --no-edit --no-commit --mainline= --signoff --continue --skip --quit --abort --allow-empty --ff', operands: 'data' },
    revert: { opts: '-e -n -m= -s --edit --no-edit --no-commit --mainline= --signoff --continue --skip --quit --abort', operands: 'data' },
    stash: {
      subOptional: true,
      opts: `-u -k -p -a -m= --include-untracked --keep-index --no-keep-index --patch --all --message= --staged -S ${QUIET}`,
      operands: 'data',
      maxOperands: 0,
      subs: {
        push: { opts: `-u -k -p -a -m= --include-untracked --keep-index --no-keep-index --patch --all --message= --staged -S ${QUIET}`, operands: 'read' },
        save: { opts: `-u -k -p -a --include-untracked --keep-index --patch --all ${QUIET}`, operands: 'data' },
        list: { opts: LOG_OPTS, operands: 'data' },
        show: { opts: `${DIFF_OPTS} -u --include-untracked --only-untracked`, operands: 'data', maxOperands: 1 },
        pop: { opts: `--index ${QUIET}`, operands: 'data', maxOperands: 1 },
        apply: { opts: `--index ${QUIET}`, operands: 'data', maxOperands: 1 },
        branch: { operands: 'data', maxOperands: 2 },
      },
    },
    tag: { opts: '-a -s -m= -l -n? --list --annotate --sign --message= --sort= --contains? --no-contains? --merged? --no-merged? --points-at= --format= --column? --no-column -i --ignore-case --create-reflog', operands: 'data' },
    remote: {
      subOptional: true,
      opts: '-v --verbose',
      maxOperands: 0,
      subs: {
        show: { opts: '-n', operands: 'data' },
        'get-url': { opts: '--push --all', operands: 'data', maxOperands: 1 },
        add: { opts: '-f -t= -m= --tags --no-tags', operands: 'data', maxOperands: 2 },
        prune: { opts: '-n --dry-run', operands: 'data' },
        update: { opts: '-p --prune', operands: 'data' },
      },
    },
    clean: { opts: '-n --dry-run -d -x -X -i --interactive -q --quiet -e= --exclude=', operands: 'read' },
    init: { opts: '-q --quiet -b= --initial-branch= --bare --shared?', operands: 'write', maxOperands: 1 },
    clone: { opts: `--depth= --branch= -b= --single-branch --no-single-branch --recurse-submodules? --shallow-submodules --no-tags --filter= --origin= -o= --bare --sparse --progress --no-checkout -n ${QUIET}`, operands: 'data', maxOperands: 2 },
    worktree: {
      subs: {
        list: { opts: '--porcelain -v --verbose -z --expire=', maxOperands: 0 },
        add: { opts: '-b= --detach --no-checkout --lock --quiet -q --track --no-track --guess-remote', operands: 'write', maxOperands: 2 },
        prune: { opts: '-n --dry-run -v --verbose --expire=', maxOperands: 0 },
      },
    },
    config: { opts: '--get --get-all --get-regexp --list -l --show-origin --show-scope --local --name-only --type= --bool --int --path --default= --null -z --unset --add', operands: 'data', maxOperands: 2 },
    bisect: { subs: { start: { operands: 'data' }, good: { operands: 'data' }, bad: { operands: 'data' }, new: { operands: 'data' }, old: { operands: 'data' }, skip: { operands: 'data' }, reset: { operands: 'data', maxOperands: 1 }, log: { maxOperands: 0 }, visualize: { maxOperands: 0 }, view: { maxOperands: 0 }, terms: { maxOperands: 0 } } },
    'format-patch': { opts: '-NUM -n --stdout --cover-letter --numbered --no-numbered --signoff -s --thread? --subject-prefix= --root --base=', operands: 'data' },
    'apply': { opts: '--check --stat --numstat --summary -R --reverse --cached --index -3 --3way -p= --whitespace= --verbose -v', operands: 'read' },
    am: { opts: '-3 --3way -s --signoff --abort --continue --skip --quit --keep-cr', operands: 'read' },
    fsck: { opts: '--full --strict --unreachable --lost-found --no-reflogs --connectivity-only', maxOperands: 0 },
    notes: { subOptional: true, subs: { list: { operands: 'data' }, show: { operands: 'data' } }, maxOperands: 0 },
    'merge-tree': { opts: '--write-tree --name-only --messages --no-messages', operands: 'data' },
    'hash-object': { opts: '--stdin -t= --no-filters', operands: 'read' },
    'whatchanged': { opts: LOG_OPTS, operands: 'data' },
    'range-diff': { opts: DIFF_OPTS, operands: 'data' },
    'sparse-checkout': { subs: { list: { maxOperands: 0 } } },
    lfs: { subs: { 'ls-files': { opts: '-l -s -n --long --size --name-only', operands: 'data' }, status: { maxOperands: 0 }, pull: { operands: 'data' }, fetch: { operands: 'data' } } },
  },
};

/** Config keys an agent may set in the repository: none of them makes git run a program. */
export const GIT_SAFE_CONFIG = /^(user\.(name|email|signingkey)|core\.(autocrlf|eol|filemode|ignorecase|quotepath|safecrlf|whitespace|longpaths|precomposeunicode)|init\.defaultbranch|pull\.(rebase|ff)|push\.(autosetupremote|default|followtags)|fetch\.prune|merge\.(conflictstyle|ff)|rebase\.(autosquash|autostash)|commit\.(gpgsign|verbose)|tag\.gpgsign|color\.\w+|advice\.\w+|branch\.[^.]+\.(remote|merge|rebase)|diff\.(renames|algorithm|colormoved)|status\.(showuntrackedfiles|short)|log\.(date|decorate)|rerere\.enabled|help\.autocorrect)$/i;
