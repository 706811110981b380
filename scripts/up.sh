#!/bin/sh
# Install, build, migrate and start the whole suite under PM2 on its embedded defaults
# (SQLite in data/, logs in logs/, no accounts needed).
set -eu
cd "$(dirname "$0")/.."
# Prompts, responses, agent output and logs are private: everything created from here on (the
# database, PM2's log files, pane logs) is for this user only.
umask 077
mkdir -p data logs
chmod 700 data logs
sh scripts/pnpm.sh install --frozen-lockfile
sh scripts/pnpm.sh run build
node apps/cli/dist/main.js db migrate
node node_modules/pm2/bin/pm2 startOrReload ecosystem.config.cjs
node node_modules/pm2/bin/pm2 save >/dev/null 2>&1 || true

echo "Architect is running. Status: node apps/cli/dist/main.js status   Logs: npx pm2 logs"
