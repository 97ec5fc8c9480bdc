#!/usr/bin/env bash
# `npm test`: the whole suite, in the order that fails fastest. Provisions what npm cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Chromium for the browser tests"
CHROMIUM_PATH="$(bash test/provision-chromium.sh)"
export CHROMIUM_PATH
echo "using $CHROMIUM_PATH"

step "Redis for the session-store tests"
# The Redis-store tests start their own redis-server (test/support/redis-server.ts); never skipped.
REDIS_SERVER="$(bash test/provision-redis.sh)"
export REDIS_SERVER
echo "using $REDIS_SERVER ($("$REDIS_SERVER" --version | cut -d' ' -f3))"

step "typecheck"
node_modules/.bin/tsc --noEmit

step "lint"
node_modules/.bin/biome check .

step "unit and integration tests (vitest)"
node_modules/.bin/vitest run

step "build"
node_modules/.bin/vite build --logLevel warn
npm run --silent build:server

step "browser journeys (Playwright, Chromium)"
node_modules/.bin/playwright test
