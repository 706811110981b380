import type { ProgramModel } from './spec';

/**
 * The JavaScript toolchain. Package-manager scripts (`npm test`, `pnpm build`) run what
 * package.json says; that is the user's own project, as SPEC §5 accepts. What is left out on
 * purpose: publish/unpublish, `config set`, `pkg set`, global installs, `--prefix` elsewhere.
 */
const NPM_GLOBALS = '--version -v --help -h --registry= --loglevel= --silent -s --quiet -q --verbose -d --dd --ddd --workspace= -w= --workspaces -ws --include-workspace-root --if-present --no-audit --no-fund --no-progress --color? --no-color --json --yes -y --no-update-notifier --offline --prefer-offline --prefer-online --legacy-peer-deps --strict-peer-deps --force -f --ignore-scripts --foreground-scripts --omit= --include= --production --dry-run';
const INSTALL_OPTS = '-D -E -O -P -S -B --save --save-dev --save-exact --save-optional --save-peer --save-prod --no-save --save-bundle --no-package-lock --package-lock-only --frozen-lockfile --install-links';
const run: ProgramModel = { operands: 'data' };
const script: ProgramModel = { operands: 'data' };

export const NPM: ProgramModel = {
  // `npm --version` alone; any other first word must be a subcommand.
  subOptional: true,
  maxOperands: 0,
  globals: NPM_GLOBALS,
  subs: {
    test: script, t: script, tst: script, start: script, stop: script, restart: script,
    run, 'run-script': run, rum: run, urn: run,
    install: { opts: INSTALL_OPTS, operands: 'data' }, i: { opts: INSTALL_OPTS, operands: 'data' }, add: { opts: INSTALL_OPTS, operands: 'data' },
    ci: { opts: INSTALL_OPTS, maxOperands: 0 }, 'install-test': { opts: INSTALL_OPTS, operands: 'data' }, it: { opts: INSTALL_OPTS, operands: 'data' },
    uninstall: { opts: INSTALL_OPTS, operands: 'data' }, remove: { opts: INSTALL_OPTS, operands: 'data' }, rm: { opts: INSTALL_OPTS, operands: 'data' }, un: { opts: INSTALL_OPTS, operands: 'data' },
    update: { opts: INSTALL_OPTS, operands: 'data' }, up: { opts: INSTALL_OPTS, operands: 'data' },
    ls: { opts: '--all -a --depth= --long -l --parseable -p --link', operands: 'data' }, list: { opts: '--all -a --depth= --long -l --parseable -p', operands: 'data' },
    outdated: { opts: '--all -a --long -l --parseable -p', operands: 'data' },
    audit: { opts: '--audit-level= --omit=', subs: { fix: { opts: '--audit-level=' } }, subOptional: true, maxOperands: 0 },
    view: { operands: 'data' }, info: { operands: 'data' }, show: { operands: 'data' }, v: { operands: 'data' },
    why: { operands: 'data' }, explain: { operands: 'data' },
    pack: { opts: '--pack-destination=w', operands: 'data' },
    version: { maxOperands: 0 }, help: { operands: 'data' },
    init: { opts: '-y --yes --scope=', maxOperands: 0 },
    dedupe: { maxOperands: 0 }, prune: { maxOperands: 0 }, rebuild: { operands: 'data' },
    doctor: { maxOperands: 0 }, root: { maxOperands: 0 }, bin: { maxOperands: 0 },
    exec: { opts: '--package= -p= --call=x -c=x', runsOperands: true, operands: 'data' },
    x: { opts: '--package= -p=', runsOperands: true, operands: 'data' },
    config: { subs: { list: { maxOperands: 0 } } },
    pkg: { subs: { get: { operands: 'data' } } },
  },
};

const PNPM_RUN: ProgramModel = { opts: '-r --recursive --parallel --stream --no-bail --if-present --filter= -F= --workspace-concurrency= --aggregate-output --sequential --reporter-hide-prefix', operands: 'data' };
const PNPM_INSTALL = '--frozen-lockfile --no-frozen-lockfile --prefer-frozen-lockfile --offline --prefer-offline --ignore-scripts --lockfile-only --fix-lockfile --no-optional --prod -P --dev -D --save-dev --save-exact -E --save-peer --save-optional -O -w --workspace-root --filter= -F= -r --recursive --force';

export const PNPM: ProgramModel = {
  subOptional: true,
  maxOperands: 0,
  globals: '--version -v --help -h --filter= -F= -r --recursive -w --workspace-root --silent -s --reporter= --loglevel= --color --no-color --stream --if-present --parallel --workspace-concurrency= --aggregate-output -C=r --dir=r --fail-if-no-match',
  subs: {
    test: { ...PNPM_RUN }, t: PNPM_RUN, run: PNPM_RUN, start: PNPM_RUN,
    install: { opts: PNPM_INSTALL, operands: 'data' }, i: { opts: PNPM_INSTALL, operands: 'data' }, add: { opts: PNPM_INSTALL, operands: 'data' },
    remove: { opts: PNPM_INSTALL, operands: 'data' }, rm: { opts: PNPM_INSTALL, operands: 'data' }, uninstall: { opts: PNPM_INSTALL, operands: 'data' },
    update: { opts: `${PNPM_INSTALL} --latest -L --interactive -i`, operands: 'data' }, up: { opts: `${PNPM_INSTALL} --latest -L`, operands: 'data' },
    ls: { opts: '--depth= --long --json --parseable -P --prod -D --dev', operands: 'data' }, list: { opts: '--depth= --long --json --parseable', operands: 'data' },
    why: { operands: 'data' }, outdated: { opts: '--long --json', operands: 'data' }, audit: { opts: '--fix --json --audit-level= --prod --dev', maxOperands: 0 },
    exec: { runsOperands: true, operands: 'data' }, dlx: { opts: '--package=', runsOperands: true, operands: 'data' },
    typecheck: PNPM_RUN, build: PNPM_RUN, lint: PNPM_RUN, dev: PNPM_RUN, bench: PNPM_RUN, check: PNPM_RUN, format: PNPM_RUN,
    dedupe: { maxOperands: 0 }, store: { subs: { path: { maxOperands: 0 }, status: { maxOperands: 0 } } },
    'approve-builds': { maxOperands: 0 }, rebuild: { operands: 'data' }, prune: { maxOperands: 0 }, root: { maxOperands: 0 }, bin: { maxOperands: 0 },

  },
};

export const YARN: ProgramModel = {
  subOptional: true,
  globals: '--version -v --help -h --silent -s --verbose --json --cwd=r --offline --frozen-lockfile --immutable --non-interactive',
  subs: {
    test: { operands: 'data' }, run: { operands: 'data' }, start: { operands: 'data' }, build: { operands: 'data' }, lint: { operands: 'data' }, dev: { operands: 'data' },
    install: { opts: '--frozen-lockfile --immutable --prefer-offline --production --ignore-scripts', maxOperands: 0 },
    add: { opts: '-D --dev -E --exact -P --peer -O --optional', operands: 'data' }, remove: { operands: 'data' }, upgrade: { operands: 'data' },
    why: { operands: 'data' }, list: { opts: '--depth= --pattern=', maxOperands: 0 }, info: { operands: 'data' }, outdated: { operands: 'data' },
    workspace: { runsOperands: true, operands: 'data' }, workspaces: { subs: { info: { maxOperands: 0 }, list: { maxOperands: 0 } } },
    exec: { runsOperands: true, operands: 'data' }, dlx: { runsOperands: true, operands: 'data' },

  },
};

/** npx runs a package's binary: the binary is judged as a command of its own (see runnerTarget). */
export const NPX: ProgramModel = { opts: '-y --yes --no --no-install -p= --package= -q --quiet --prefer-offline', runsOperands: true, operands: 'data' };

const TEST_RUNNER = '--run --watch? --coverage --reporter= --config=p -c=p --root=p --dir=p --update -u --bail? --silent --passWithNoTests --testNamePattern= -t= --grep= --no-watch --ci --runInBand -i --watchAll --detectOpenHandles --forceExit --verbose --testPathPattern= --testTimeout= --maxWorkers= --project= --environment= --globals --typecheck --no-coverage --changed? --related --shard= --sequence.shuffle --pool= --threads --no-threads --isolate --no-isolate --logHeapUsage --allowOnly --outputFile=w --json --clearCache --listTests --no-cache --colors';

export const NODE_TOOLS: Record<string, ProgramModel> = {
  npm: NPM,
  pnpm: PNPM,
  yarn: YARN,
  npx: NPX,
  pnpx: NPX,
  tsc: { opts: '--noEmit -p=r --project=r -b --build --watch -w --pretty? --incremental --listFiles --showConfig --strict --skipLibCheck --declaration --emitDeclarationOnly --outDir=w --outFile=w --rootDir=r --target= --module= --moduleResolution= --jsx= --lib= --types= --esModuleInterop --resolveJsonModule --allowJs --checkJs --sourceMap --noUnusedLocals --noUnusedParameters --traceResolution --extendedDiagnostics --diagnostics --generateTrace=w --version -v --init --verbose --force --clean --dry', operands: 'read' },
  eslint: { opts: '--fix --fix-dry-run --ext= -c=r --config=r --max-warnings= --format= -f= --quiet --cache --cache-location=w --no-eslintrc --ignore-path=r --ignore-pattern= --no-ignore --report-unused-disable-directives --color --no-color --debug --print-config=r -o=w --output-file=w --no-error-on-unmatched-pattern --stats --flag= --no-warn-ignored --version -v', operands: 'read' },
  prettier: { opts: '--write -w --check -c --list-different -l --config=r --ignore-path=r --no-config --log-level= --loglevel= --cache --no-cache --parser= --single-quote --no-semi --print-width= --tab-width= --trailing-comma= --plugin= --end-of-line= --no-error-on-unmatched-pattern --ignore-unknown -u --version', operands: 'write' },
  vitest: { opts: TEST_RUNNER, subs: { run: { opts: TEST_RUNNER, operands: 'project' }, watch: { opts: TEST_RUNNER, operands: 'project' }, bench: { opts: TEST_RUNNER, operands: 'project' }, related: { opts: TEST_RUNNER, operands: 'project' }, list: { opts: TEST_RUNNER, operands: 'project' } }, subOptional: true, operands: 'project' },
  jest: { opts: TEST_RUNNER, operands: 'project' },
  mocha: { opts: '--reporter= -R= --grep= -g= --timeout= -t= --recursive --watch -w --bail -b --require=p -r=p --spec=p --exit --parallel', operands: 'project' },
  playwright: { subs: { test: { opts: `${TEST_RUNNER} --headed --project= --workers= -j= --trace= --retries= --list --ui --debug --grep= -g= --grep-invert=`, operands: 'data' }, 'show-report': { operands: 'read' } } },
  biome: { subs: { check: { opts: '--write --apply --fix --unsafe --config-path=r', operands: 'write' }, lint: { opts: '--write --apply --fix', operands: 'write' }, format: { opts: '--write', operands: 'write' }, ci: { operands: 'read' } } },
  tsx: { opts: '--watch --tsconfig=r -r=x --require=x --import=x -e=x --eval=x -p=x --print=x --env-file=r --no-cache --clear-screen', operands: 'read', interleaved: false },
  turbo: { subs: { run: { opts: '--filter= --force --parallel --cache-dir=w --concurrency= --continue --dry-run? --graph? --no-cache --output-logs= --summarize', operands: 'data' }, build: { opts: '--filter=', operands: 'data' }, test: { opts: '--filter=', operands: 'data' }, lint: { opts: '--filter=', operands: 'data' } } },
  vite: { opts: '--port= --host? --open? --mode= --config=r -c=r --base= --outDir=w --emptyOutDir --watch -w', subs: { build: { opts: '--mode= --outDir=w --emptyOutDir --watch -w --minify? --sourcemap? -c=r --config=r', operands: 'read' }, preview: { opts: '--port= --host?', operands: 'read' }, dev: { opts: '--port= --host?', operands: 'read' }, serve: { opts: '--port= --host?', operands: 'read' } }, subOptional: true, maxOperands: 1 },
  next: { subs: { build: { opts: '--debug --no-lint --profile', operands: 'read' }, dev: { opts: '-p= --port= -H= --hostname= --turbo --turbopack', operands: 'read' }, start: { opts: '-p= --port=', operands: 'read' }, lint: { opts: '--fix --dir=r', operands: 'read' } } },
  tsup: { opts: '--watch --minify --dts --format= --target= --clean --sourcemap --config=r', operands: 'read' },
  esbuild: { opts: '--bundle --minify --sourcemap --outfile=w --outdir=w --platform= --format= --target= --external= --watch --metafile=w --splitting --tsconfig=r', operands: 'read' },
  nvm: { subs: { use: { operands: 'data' }, ls: { maxOperands: 0 }, current: { maxOperands: 0 }, which: { operands: 'data' } } },
  corepack: { subs: { enable: { operands: 'data' }, prepare: { opts: '--activate', operands: 'data' } } },
};
