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
# REDIS_SERVER may name a binary; else redis-server on PATH; else apt-get when root on Debian/Ubuntu.
REDIS_SERVER="${REDIS_SERVER:-redis-server}"
if ! command -v "$REDIS_SERVER" >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's redis-server with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq redis-server; } || echo "apt-get could not install redis-server" >&2
    REDIS_SERVER=redis-server
  fi
  if ! command -v "$REDIS_SERVER" >/dev/null 2>&1; then
    echo "redis-server not found and it could not be installed. Install it, then run npm test again:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y redis-server" >&2
    echo "  or point REDIS_SERVER at an existing redis-server binary" >&2
    exit 1
  fi
fi
export REDIS_SERVER
echo "using $(command -v "$REDIS_SERVER") ($("$REDIS_SERVER" --version | cut -d' ' -f3))"

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
