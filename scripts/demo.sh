#!/usr/bin/env bash
# `npm run demo`: set-up (idempotent), then a real `pulumi preview` and `pulumi up` of policies/ on the
# `sandbox` stack against a local sandbox tenant that is started and stopped around it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export WECOM_POLICY_PULUMI_DIR="$(bash scripts/setup.sh)"
exec node dist/cli/main.js demo "$@"
