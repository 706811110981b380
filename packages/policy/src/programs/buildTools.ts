import type { ProgramModel } from './spec';

/**
 * Build tools, containers and the GitHub CLI. Left out on purpose (so they escalate under a
 * wildcard): `cargo publish`/`install`, `go run` of remote modules via `go install`, `make -f`
 * from stdin or outside, `docker run` with volumes or privileges, `gh auth token`, `gh api`.
 */
const CARGO_COMMON = '--release -r --features= -F= --all-features --no-default-features -p= --package= --workspace --all --exclude= --target= --bin= --bins --lib --example= --examples --tests --test= --benches --bench= --all-targets -j= --jobs= --profile= --locked --frozen --offline -q --quiet -v -vv --verbose --color= --message-format= --manifest-path=p --target-dir=w --keep-going --timings?';

export const CARGO: ProgramModel = {
  subOptional: true,
  maxOperands: 0,
  globals: '--version -V --help -h -q --quiet -v --verbose --color= --locked --frozen --offline',
  subs: {
    build: { opts: CARGO_COMMON, maxOperands: 0 }, b: { opts: CARGO_COMMON, maxOperands: 0 },
    check: { opts: CARGO_COMMON, maxOperands: 0 }, c: { opts: CARGO_COMMON, maxOperands: 0 },
    test: { opts: `${CARGO_COMMON} --no-run --no-fail-fast --doc`, operands: 'data' }, t: { opts: `${CARGO_COMMON} --no-run --no-fail-fast --doc`, operands: 'data' },
    bench: { opts: `${CARGO_COMMON} --no-run`, operands: 'data' },
    run: { opts: CARGO_COMMON, operands: 'data' }, r: { opts: CARGO_COMMON, operands: 'data' },
    clippy: { opts: `${CARGO_COMMON} --fix --allow-dirty --allow-staged --no-deps`, operands: 'data' },
    fmt: { opts: '--all --check -p= --package= --manifest-path=r', operands: 'data' },
    doc: { opts: `${CARGO_COMMON} --no-deps --open --document-private-items`, maxOperands: 0 },
    clean: { opts: '-p= --package= --release --doc --target-dir=w --manifest-path=r', maxOperands: 0 },
    update: { opts: '-p= --package= --precise= --aggressive --workspace -w --dry-run', operands: 'data' },
    add: { opts: '--dev --build -F= --features= --no-default-features --optional -p= --package= --git= --branch= --tag= --rev= --path=r', operands: 'data' },
    remove: { opts: '--dev --build -p= --package=', operands: 'data' }, rm: { opts: '--dev -p=', operands: 'data' },
    tree: { opts: '-p= --package= -i= --invert= -e= --edges= --depth= --duplicates -d --prefix= --no-dedupe --target= --workspace', maxOperands: 0 },
    metadata: { opts: '--format-version= --no-deps --manifest-path=r', maxOperands: 0 },
    search: { opts: '--limit=', operands: 'data' }, fetch: { maxOperands: 0 }, 'generate-lockfile': { maxOperands: 0 },
    new: { opts: '--lib --bin --name= --vcs= --edition=', operands: 'write', maxOperands: 1 },
    init: { opts: '--lib --bin --name= --vcs= --edition=', operands: 'write', maxOperands: 1 },
    version: { maxOperands: 0 },
  },
};

const GO_BUILD = '-v -x -n -a -race -cover -coverprofile=w -covermode= -coverpkg= -o=w -tags= -ldflags= -gcflags= -trimpath -mod= -buildvcs= -count= -run= -skip= -bench= -benchmem -benchtime= -timeout= -short -failfast -json -p= -cpu= -parallel= -shuffle= -vet= -modfile=p -C=p';

export const GO: ProgramModel = {
  subs: {
    build: { opts: GO_BUILD, operands: 'read' }, test: { opts: GO_BUILD, operands: 'data' }, vet: { opts: GO_BUILD, operands: 'read' },
    run: { opts: GO_BUILD, operands: 'data' }, fmt: { opts: '-n -x -mod=', operands: 'write' },
    mod: { subs: { tidy: { opts: '-v -e -go= -compat=', maxOperands: 0 }, download: { opts: '-x -json', operands: 'data' }, verify: { maxOperands: 0 }, why: { opts: '-m -vendor', operands: 'data' }, graph: { maxOperands: 0 }, init: { operands: 'data', maxOperands: 1 }, vendor: { opts: '-v -e', maxOperands: 0 } } },
    get: { opts: '-u -t -d -v -x', operands: 'data' },
    list: { opts: '-m -u -json? -f= -e -deps -test -versions', operands: 'data' },
    version: { opts: '-m -v', operands: 'read' }, env: { opts: '-json', operands: 'data' },
    doc: { opts: '-all -short -src -u -c', operands: 'data' }, generate: { never: 'go generate runs commands written in the sources' },
    clean: { opts: '-cache -testcache -modcache -i -n -r -x', operands: 'data' },
    work: { subs: { sync: { maxOperands: 0 }, use: { operands: 'read' } } },
  },
};

export const MAKE: ProgramModel = { opts: '-j? -k -n -s -B -i -q -w --jobs? --keep-going --dry-run --just-print --silent --quiet --always-make --no-print-directory --print-directory -C=p --directory=p -f=p --file=p --makefile=p -e --environment-overrides -l? --debug? -d -p --print-data-base -r -R --warn-undefined-variables -O? --output-sync?', operands: 'data' };

const DOCKER_RUN = '--rm -i -t -it -d --detach --name= -p= --publish= -e= --env= --env-file=r -w= --workdir= --network= --net= --entrypoint=x --init --platform= --pull= --user= -u= --label= -l= --hostname= -h= --memory= -m= --cpus= --restart= --add-host= --stop-timeout= --health-cmd=x --expose= --tty --interactive -q --quiet';
const COMPOSE_GLOBALS = '-f=p --file=p -p= --project-name= --profile= --env-file=r --project-directory=p --progress= --ansi=';

export const DOCKER: ProgramModel = {
  subOptional: true,
  maxOperands: 0,
  opts: '--version -v',
  globals: '--help --context= -c= --log-level= -D --debug',
  subs: {
    ps: { opts: '-a --all -q --quiet --format= -f= --filter= -n= --last= -l --latest --no-trunc -s --size', maxOperands: 0 },
    images: { opts: '-a --all -q --quiet --format= -f= --filter= --digests --no-trunc', operands: 'data' },
    build: { opts: '-t= --tag= -f=r --file=r --target= --build-arg= --no-cache --pull --platform= --progress= -q --quiet --label= --load --network= --cache-from= --secret=x --ssh=x', operands: 'read', maxOperands: 1 },
    logs: { opts: '-f --follow --tail= -n= --since= --until= -t --timestamps --details', operands: 'data', maxOperands: 1 },
    inspect: { opts: '-f= --format= -s --size --type=', operands: 'data' },
    run: { opts: DOCKER_RUN, operands: 'data' },
    exec: { never: 'docker exec runs a command inside a container the engine cannot see' },
    pull: { opts: '-q --quiet --platform= -a --all-tags', operands: 'data', maxOperands: 1 },
    stop: { opts: '-t= --time= -s= --signal=', operands: 'data' }, start: { opts: '-a -i --attach --interactive', operands: 'data' }, restart: { opts: '-t= --time=', operands: 'data' },
    version: { opts: '-f= --format=', maxOperands: 0 }, info: { opts: '-f= --format=', maxOperands: 0 },
    stats: { opts: '--no-stream -a --all --format=', operands: 'data' }, top: { operands: 'data' }, port: { operands: 'data' },
    tag: { operands: 'data', maxOperands: 2 }, history: { opts: '--no-trunc -q -H --human= --format=', operands: 'data' },
    network: { subs: { ls: { opts: '-q -f= --filter= --format=', maxOperands: 0 }, inspect: { opts: '-f= --format=', operands: 'data' }, create: { opts: '-d= --driver=', operands: 'data' } } },
    volume: { subs: { ls: { opts: '-q -f= --filter= --format=', maxOperands: 0 }, inspect: { opts: '-f= --format=', operands: 'data' }, create: { operands: 'data' } } },
    compose: {
      globals: COMPOSE_GLOBALS,
      subs: {
        up: { opts: '-d --detach --build --no-build --force-recreate --no-recreate --remove-orphans --wait --abort-on-container-exit --exit-code-from= --no-deps --scale= --pull= --quiet-pull -V --renew-anon-volumes --timeout= -t= --attach= --no-color --no-log-prefix', operands: 'data' },
        down: { opts: '--remove-orphans -t= --timeout= --rmi=', maxOperands: 0 },
        ps: { opts: '-a --all -q --quiet --format= --services --status= --filter=', operands: 'data' },
        logs: { opts: '-f --follow --tail= -n= --since= --until= -t --timestamps --no-color --no-log-prefix', operands: 'data' },
        build: { opts: '--no-cache --pull --progress= -q --quiet --build-arg=', operands: 'data' },
        pull: { opts: '-q --quiet --ignore-pull-failures --include-deps', operands: 'data' },
        restart: { opts: '-t= --timeout= --no-deps', operands: 'data' }, stop: { opts: '-t= --timeout=', operands: 'data' }, start: { operands: 'data' },
        images: { opts: '-q --quiet --format=', operands: 'data' }, top: { operands: 'data' }, version: { maxOperands: 0 }, ls: { opts: '-a --all -q --format=', maxOperands: 0 },
      },
    },
  },
};
DOCKER.subs && (DOCKER.subs['docker-compose'] = DOCKER.subs.compose as ProgramModel);

const GH_LIST = '-L= --limit= -s= --state= -a= --assignee= -A= --author= -l= --label= -B= --base= -H= --head= --json= -q= --jq= -t= --template= -w --web -S= --search= --draft -d';
const GH_VIEW = '--json= -q= --jq= -t= --template= -w --web -c --comments';

export const GH: ProgramModel = {
  globals: '-R= --repo= --help --version',
  subs: {
    pr: { subs: { list: { opts: GH_LIST, maxOperands: 0 }, view: { opts: GH_VIEW, operands: 'data', maxOperands: 1 }, diff: { opts: '--name-only --patch --color= --web', operands: 'data', maxOperands: 1 }, checks: { opts: '--watch --fail-fast -i= --interval= --required --json= -q= --jq=', operands: 'data', maxOperands: 1 }, status: { opts: '--json= -q= --jq= -c --conflict-status', maxOperands: 0 }, create: { opts: '-t= --title= -b= --body= -F=r --body-file=r -B= --base= -H= --head= -d --draft -f --fill --fill-first --fill-verbose -a= --assignee= -l= --label= -r= --reviewer= -m= --milestone= -p= --project= -w --web --no-maintainer-edit --dry-run', maxOperands: 0 }, comment: { opts: '-b= --body= -F=r --body-file=r --edit-last', operands: 'data', maxOperands: 1 }, checkout: { opts: '-b= --branch= --detach --recurse-submodules', operands: 'data', maxOperands: 1 }, edit: { opts: '-t= --title= -b= --body= -F=r --body-file=r -B= --base= --add-label= --remove-label= --add-reviewer= --add-assignee= -m= --milestone=', operands: 'data', maxOperands: 1 }, ready: { operands: 'data', maxOperands: 1 }, review: { opts: '-a --approve -c --comment -r --request-changes -b= --body= -F=r --body-file=r', operands: 'data', maxOperands: 1 } } },
    issue: { subs: { list: { opts: GH_LIST, maxOperands: 0 }, view: { opts: GH_VIEW, operands: 'data', maxOperands: 1 }, create: { opts: '-t= --title= -b= --body= -F=r --body-file=r -a= --assignee= -l= --label= -m= --milestone= -p= --project= -w --web', maxOperands: 0 }, comment: { opts: '-b= --body= -F=r --body-file=r --edit-last', operands: 'data', maxOperands: 1 }, status: { opts: '--json= -q= --jq=', maxOperands: 0 }, edit: { opts: '-t= --title= -b= --body= -F=r --body-file=r --add-label= --remove-label= --add-assignee= --remove-assignee= -m= --milestone=', operands: 'data', maxOperands: 1 } } },
    run: { subs: { list: { opts: '-L= --limit= -b= --branch= -w= --workflow= -s= --status= -u= --user= -e= --event= -c= --commit= --json= -q= --jq=', maxOperands: 0 }, view: { opts: '--log --log-failed -v --verbose --exit-status -j= --job= --json= -q= --jq= -w --web -a= --attempt=', operands: 'data', maxOperands: 1 }, watch: { opts: '--exit-status -i= --interval= --compact', operands: 'data', maxOperands: 1 }, rerun: { opts: '--failed -j= --job= -d --debug', operands: 'data', maxOperands: 1 } } },
    workflow: { subs: { list: { opts: '-a --all -L= --limit= --json= -q= --jq=', maxOperands: 0 }, view: { opts: '-y --yaml -r= --ref= -w --web', operands: 'data', maxOperands: 1 } } },
    repo: { subs: { view: { opts: `${GH_VIEW} -b= --branch=`, operands: 'data', maxOperands: 1 }, clone: { operands: 'data', maxOperands: 2 }, list: { opts: GH_LIST, operands: 'data', maxOperands: 1 } } },
    release: { subs: { list: { opts: '-L= --limit= --json= -q= --jq= --exclude-drafts --exclude-pre-releases', maxOperands: 0 }, view: { opts: GH_VIEW, operands: 'data', maxOperands: 1 } } },
    search: { subs: { issues: { opts: GH_LIST, operands: 'data' }, prs: { opts: GH_LIST, operands: 'data' }, repos: { opts: GH_LIST, operands: 'data' }, code: { opts: `${GH_LIST} --filename= --extension= --language=`, operands: 'data' } } },
    auth: { subs: { status: { opts: '-h= --hostname= -a --active', maxOperands: 0 } } },
    label: { subs: { list: { opts: '-L= --limit= --json= -q= --jq= -S= --search=', maxOperands: 0 } } },
    browse: { opts: '-n --no-browser -b= --branch= -c --commit? -s --settings -w --wiki -p --projects', operands: 'data', maxOperands: 1 },
    status: { opts: '-o= --org= -e= --exclude=', maxOperands: 0 },
  },
};

export const BUILD_TOOLS: Record<string, ProgramModel> = {
  cargo: CARGO,
  go: GO,
  make: MAKE,
  gmake: MAKE,
  docker: DOCKER,
  podman: DOCKER,
  'docker-compose': DOCKER.subs?.compose as ProgramModel,
  gh: GH,
  rustc: { opts: '--version -V --edition= -O -o=w --crate-type= --emit= -g --test --explain=', operands: 'read' },
  rustup: { subs: { show: { maxOperands: 0 }, update: { operands: 'data' }, toolchain: { subs: { list: { maxOperands: 0 } } }, component: { subs: { list: { opts: '--installed', maxOperands: 0 }, add: { operands: 'data' } } }, target: { subs: { list: { opts: '--installed', maxOperands: 0 }, add: { operands: 'data' } } } } },
  gofmt: { opts: '-l -w -d -s -e', operands: 'write' },
  java: { opts: '-version --version', maxOperands: 0 },
  mvn: { opts: '-q -B -e -X -o -U -T= -pl= -am -DskipTests -Dtest= -P= --batch-mode --quiet --offline -f=r', subs: { test: { operands: 'data' }, compile: { operands: 'data' }, package: { operands: 'data' }, verify: { operands: 'data' }, clean: { operands: 'data' }, install: { operands: 'data' }, validate: { operands: 'data' } }, subOptional: true, operands: 'data' },
  gradle: { opts: '-q --quiet --offline --info --stacktrace --no-daemon --console= -x= --build-cache --parallel', operands: 'data' },
  './gradlew': { opts: '-q --quiet --offline --info --stacktrace --no-daemon --console= -x= --build-cache --parallel', operands: 'data' },
};
