#!/usr/bin/env bash
# `npm test`: set-up (idempotent), type-check the tests, then every test — unit, contract and end-to-end
# (the end-to-end tests run the real Pulumi CLI, the real provider plugin and the sandbox process).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export WECOM_POLICY_PULUMI_DIR="$(bash scripts/setup.sh)"
npx --no-install tsc -p test/tsconfig.json
exec npx --no-install vitest run --config test/vitest.config.mts "$@"
