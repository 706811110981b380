import type { ProgramModel } from './spec';

/**
 * Python tooling. `python -c` code and `python -m` modules are judged in interpJudge (the code
 * by the Python grammar, the module against PYTHON_MODULES); the model here covers the options.
 */
const PYTEST = '-v -vv -q -x -s -k= -m= -p= -n= -l -r= --verbose --quiet --exitfirst --maxfail= --lf --last-failed --ff --failed-first --tb= --capture= --no-header --disable-warnings --durations= --cov? --cov-report= --junitxml=w --collect-only --co --setup-show -W= --pdb --showlocals --color= --strict-markers --basetemp=w --rootdir=r -c=r --confcache-dir=w --cache-clear --ignore= --deselect= --doctest-modules --import-mode= --runxfail --sw --stepwise -o= --override-ini= --log-cli-level= --timeout= --dist= --numprocesses= --benchmark-only';
const PIP_INSTALL = '-r=r --requirement=r -e= --editable= -U --upgrade --no-deps --pre --quiet -q -v --verbose --no-cache-dir --index-url= -i= --extra-index-url= --upgrade-strategy= -c=r --constraint=r --dry-run --no-build-isolation --force-reinstall --only-binary= --no-binary=';
const UV_RUN = '--with= --python= -p= --frozen --locked --no-sync --group= --extra= --all-extras --no-dev --dev --package= --directory=r --project=r --isolated -q --quiet -v';

export const PYTHON: ProgramModel = { opts: '-c=v -m=v -u -B -O -OO -E -s -S -I -q -v -W= -X= -b -d -i -P -V --version -h', operands: 'read', interleaved: false };

export const PYTHON_TOOLS: Record<string, ProgramModel> = {
  pytest: { opts: PYTEST, operands: 'project' },
  'py.test': { opts: PYTEST, operands: 'project' },
  pip: {
    globals: '-q --quiet -v --verbose --no-cache-dir --disable-pip-version-check --no-input --version -V',
    subs: {
      install: { opts: PIP_INSTALL, operands: 'data' },
      uninstall: { opts: '-y --yes -r=r', operands: 'data' },
      list: { opts: '-o --outdated -u --uptodate --format= -e --editable -l --local --not-required', maxOperands: 0 },
      freeze: { opts: '-l --local --all --exclude-editable', maxOperands: 0 },
      show: { opts: '-f --files', operands: 'data' },
      check: { maxOperands: 0 },
      download: { opts: `${PIP_INSTALL} -d=w --dest=w`, operands: 'data' },
      wheel: { opts: `${PIP_INSTALL} -w=w --wheel-dir=w`, operands: 'data' },
    },
  },
  uv: {
    globals: '-q --quiet -v --verbose --no-cache --offline --directory=r --project=r --color= --version -V',
    subs: {
      run: { opts: UV_RUN, runsOperands: true, operands: 'data' },
      sync: { opts: '--frozen --locked --all-extras --extra= --group= --no-dev --dev --all-packages --package= --inexact', maxOperands: 0 },
      lock: { opts: '--upgrade -U --upgrade-package= --check --locked', maxOperands: 0 },
      add: { opts: '--dev --group= --optional= --extra= -r=r --editable --frozen --locked --no-sync', operands: 'data' },
      remove: { opts: '--dev --group= --optional= --frozen --locked --no-sync', operands: 'data' },
      venv: { opts: '--python= -p= --seed --prompt=', operands: 'write', maxOperands: 1 },
      pip: { subs: { install: { opts: `${PIP_INSTALL} --system=x`, operands: 'data' }, list: { opts: '--format= -o --outdated', maxOperands: 0 }, freeze: { maxOperands: 0 }, show: { operands: 'data' }, uninstall: { operands: 'data' }, sync: { operands: 'read' }, compile: { opts: '-o=w --output-file=w --upgrade', operands: 'read' } } },
      tree: { opts: '--depth= -d= --invert --outdated', maxOperands: 0 },
      build: { opts: '--wheel --sdist -o=w --out-dir=w', operands: 'read' },
      python: { subs: { list: { maxOperands: 0 }, find: { operands: 'data' }, install: { operands: 'data' } } },
    },
  },
  poetry: {
    subs: {
      install: { opts: '--no-root --only= --with= --without= --sync --all-extras -E= --extras=', maxOperands: 0 },
      run: { runsOperands: true, operands: 'data' },
      add: { opts: '--group= -G= --dev -D', operands: 'data' },
      show: { opts: '--tree --outdated -o --latest -l', operands: 'data' },
      lock: { opts: '--no-update --check', maxOperands: 0 },
      check: { maxOperands: 0 },
      build: { opts: '-f= --format=', maxOperands: 0 },
    },
  },
  mypy: { opts: '--strict --ignore-missing-imports --config-file=r --show-error-codes --pretty --no-incremental --install-types --non-interactive -p= -m= --package= --module= --python-version= --follow-imports= --explicit-package-bases --namespace-packages', operands: 'read' },
  ruff: { subs: { check: { opts: '--fix --unsafe-fixes --no-fix --select= --ignore= --extend-select= --config=r --output-format= --statistics --diff --show-fixes --watch --exit-zero -q --quiet --preview', operands: 'write' }, format: { opts: '--check --diff --config=r --line-length= -q --quiet --preview', operands: 'write' } } },
  black: { opts: '--check --diff -l= --line-length= -q --quiet -v --verbose --config=r --target-version= --exclude= --include= --skip-string-normalization -S --fast --color', operands: 'write' },
  isort: { opts: '--check-only -c --diff --profile= -q --settings-path=r', operands: 'write' },
  flake8: { opts: '--max-line-length= --select= --ignore= --extend-ignore= --exclude= --config=r --count --statistics --show-source -q', operands: 'read' },
  pylint: { opts: '--rcfile=r --disable= --enable= -j= --output-format= --errors-only -E --score= -sn', operands: 'read' },
  tox: { opts: '-e= -p= --parallel? -r --recreate -q -v', operands: 'data' },
  coverage: { subs: { report: { opts: '-m --show-missing --fail-under= --include= --omit= --skip-covered', maxOperands: 0 }, html: { opts: '-d=w', maxOperands: 0 }, xml: { opts: '-o=w', maxOperands: 0 }, erase: { maxOperands: 0 }, combine: { operands: 'read' }, json: { opts: '-o=w', maxOperands: 0 } } },
};
PYTHON_TOOLS.pip3 = PYTHON_TOOLS.pip as ProgramModel;

/** Modules `python -m M` may run under a wildcard: test runners, linters, installers into the project, formatters. */
export const PYTHON_MODULES: Record<string, ProgramModel> = {
  pytest: { opts: PYTEST, operands: 'project' },
  pip: PYTHON_TOOLS.pip as ProgramModel,
  venv: { opts: '--system-site-packages --clear --upgrade --without-pip --prompt= --upgrade-deps', operands: 'write', maxOperands: 1 },
  unittest: { opts: '-v -q -f -b -k= --failfast --buffer --locals', subs: { discover: { opts: '-v -s=r -p= -t=r --start-directory=r --pattern=', operands: 'data' } }, subOptional: true, operands: 'data' },
  mypy: PYTHON_TOOLS.mypy as ProgramModel,
  black: PYTHON_TOOLS.black as ProgramModel,
  ruff: PYTHON_TOOLS.ruff as ProgramModel,
  isort: PYTHON_TOOLS.isort as ProgramModel,
  flake8: PYTHON_TOOLS.flake8 as ProgramModel,
  pylint: PYTHON_TOOLS.pylint as ProgramModel,
  coverage: PYTHON_TOOLS.coverage as ProgramModel,
  'json.tool': { opts: '--sort-keys --indent= --compact --no-ensure-ascii --json-lines', operands: 'read', maxOperands: 1 },
  compileall: { opts: '-q -f -l -r=', operands: 'read' },
  py_compile: { operands: 'read' },
  build: { opts: '--wheel -w --sdist -s --outdir=w -o=w', operands: 'read' },
};
