#!/usr/bin/env bash
# Ensure Debian's `chromium` (/usr/bin/chromium) is installed, with a font that has Chinese glyphs: the HTML
# report's browser test (test/e2e/report-html.test.ts) drives it with playwright-core, which never downloads
# a browser of its own. Installed once with apt as root (`--no-install-recommends`: the browser and a CJK font,
# nothing else); later runs only check that the binary is there. Not root and no chromium: says so on stderr
# and leaves the decision to the test, which then fails naming this script. Progress goes to stderr.
set -euo pipefail

CHROMIUM="${WECOM_POLICY_CHROMIUM:-/usr/bin/chromium}"
PACKAGES=(chromium fonts-wqy-microhei)

log() { printf '[setup-chromium] %s\n' "$*" >&2; }

if [ -x "$CHROMIUM" ] && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  log "chromium or a Chinese font is missing and this is not root: install them with"
  log "  sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}"
  log "(the HTML report's browser test needs $CHROMIUM and fails until it is there)"
  exit 0
fi

t0=$(date +%s)
log "installing ${PACKAGES[*]} with apt (once)…"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be empty or stale: update once and retry when the first try fails.
if ! apt-get install -y --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1; then
  apt-get update >/dev/null 2>&1 || log "apt-get update failed; trying the install with the lists there are"
  if ! apt-get install -y --no-install-recommends "${PACKAGES[@]}" >&2; then
    log "could not install ${PACKAGES[*]}: the HTML report's browser test will fail until $CHROMIUM exists"
    exit 0
  fi
fi
log "chromium $("$CHROMIUM" --version 2>/dev/null | awk '{print $2}') installed in $(($(date +%s) - t0)) s"
