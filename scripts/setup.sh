#!/usr/bin/env bash
# Idempotent, cached set-up for a fresh clone: npm dependencies, the Pulumi CLI, chromium and PostgreSQL for
# the browser and fleet tests, the TypeScript build.
# Each step is skipped when its inputs have not changed. Progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '[setup] %s\n' "$*" >&2; }
t0=$(date +%s%N)

# 1. npm dependencies, reinstalled only when package-lock.json changes. Install scripts stay off:
#    nothing we depend on needs one (protobufjs's postinstall only prints a version hint).
stamp=node_modules/.wecom-policy-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing npm dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi

# 2. The Pulumi CLI (uses PATH's pulumi ≥ 3.248.0 or builds it once into a cache outside the repo).
pulumi_dir=$(bash scripts/setup-pulumi.sh)

# 3. Debian's chromium for the HTML report's browser test (installed once as root; a no-op afterwards).
bash scripts/setup-chromium.sh

# 4. Debian's PostgreSQL 15 binaries for the fleet test (its own throwaway server; a no-op when present).
bash scripts/setup-postgres.sh

# 5. Compile TypeScript (incremental: a no-op build takes about a second).
log "compiling TypeScript…"
npx --no-install tsc -p tsconfig.json >&2

log "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms (pulumi: $pulumi_dir)"
echo "$pulumi_dir"
