#!/usr/bin/env bash
# Finds a Chromium for the browser tests, installing one when it can, and prints its path.
# Order: $CHROMIUM_PATH; Debian's /usr/bin/chromium; Playwright's own download (~/.cache/ms-playwright);
# apt-get on Debian/Ubuntu when root; Playwright's download where the network allows.
# Otherwise it stops with the exact command to run. It never skips the browser tests silently.
set -euo pipefail

say() { echo "provision-chromium: $*" >&2; }

usable() { [ -n "${1:-}" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

playwright_chromium() {
  ls -d "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-*/chrome-linux*/chrome 2>/dev/null | tail -n 1
}

if usable "${CHROMIUM_PATH:-}"; then echo "$CHROMIUM_PATH"; exit 0; fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser "$(playwright_chromium)"; do
  if usable "$candidate"; then echo "$candidate"; exit 0; fi
done

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian's chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >&2 && apt-get install -y -qq chromium >&2; then
    if usable /usr/bin/chromium; then echo /usr/bin/chromium; exit 0; fi
  fi
  say "apt-get could not install chromium"
fi

say "trying Playwright's own Chromium download"
if node_modules/.bin/playwright install chromium >&2 2>&1; then
  candidate="$(playwright_chromium)"
  if usable "$candidate"; then echo "$candidate"; exit 0; fi
fi

say "no Chromium found and none could be installed. Install one, then run npm test again:"
say "  Debian/Ubuntu: sudo apt-get install -y chromium"
say "  elsewhere:     npx playwright install chromium"
say "  or point CHROMIUM_PATH at an existing Chromium or Chrome binary"
exit 1
