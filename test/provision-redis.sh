#!/usr/bin/env bash
# Finds redis-server for the Redis session-store tests and the benchmark, installing it when it can,
# and prints its path. Order: $REDIS_SERVER; redis-server on PATH; apt-get on Debian/Ubuntu when root.
# Otherwise it stops with the exact command to run. It never lets a caller skip Redis silently.
set -euo pipefail

say() { echo "provision-redis: $*" >&2; }

REDIS_SERVER="${REDIS_SERVER:-redis-server}"
if ! command -v "$REDIS_SERVER" >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's redis-server with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq >&2 && apt-get install -y -qq redis-server >&2; } || say "apt-get could not install redis-server"
    REDIS_SERVER=redis-server
  fi
  if ! command -v "$REDIS_SERVER" >/dev/null 2>&1; then
    say "redis-server not found and it could not be installed. Install it, then run again:"
    say "  Debian/Ubuntu: sudo apt-get install -y redis-server"
    say "  or point REDIS_SERVER at an existing redis-server binary"
    exit 1
  fi
fi
command -v "$REDIS_SERVER"
