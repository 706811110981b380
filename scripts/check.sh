#!/bin/sh
# Install everything from the project's own files, type-check, build, and run the whole test suite.
set -eu
cd "$(dirname "$0")/.."
command -v tmux >/dev/null 2>&1 || { echo "tmux is required for the tests (apt-get install tmux)" >&2; exit 1; }
sh scripts/pnpm.sh install --frozen-lockfile
sh scripts/pnpm.sh run typecheck
sh scripts/pnpm.sh run build
sh scripts/pnpm.sh exec vitest run "$@"
