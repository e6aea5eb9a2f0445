#!/usr/bin/env bash
# `npm test`: set-up (idempotent), type-check the tests, then every test — unit, contract and end-to-end
# (the end-to-end tests run the real Pulumi CLI, the real provider plugin and the sandbox process).
# Ends with a plain "tests: N passed, N failed" line from vitest's JSON report; the exit code is vitest's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export WECOM_POLICY_PULUMI_DIR="$(bash scripts/setup.sh)"
npx --no-install tsc -p test/tsconfig.json
npx --no-install prettier --check --log-level warn "src/**/*.ts" "test/**/*.ts" "scripts/**/*.ts"
report=.wecom-policy/test-report.json
mkdir -p .wecom-policy
rm -f "$report"
status=0
npx --no-install vitest run --config test/vitest.config.mts --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
if [ -f "$report" ]; then
  node -e '
    const r = require(process.argv[1]);
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$root/$report"
fi
exit "$status"
