#!/bin/sh
# Runs the pinned pnpm: the one on PATH if it is pnpm 10, else through npx (no global install needed).
if command -v pnpm >/dev/null 2>&1 && pnpm --version 2>/dev/null | grep -q '^10\.'; then
  exec pnpm "$@"
fi
exec npx --yes pnpm@10.34.9 "$@"
