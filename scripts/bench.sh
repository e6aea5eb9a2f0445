#!/usr/bin/env bash
# `npm run bench [-- NAME [ARGS…]]`: compile scripts/bench (with what it imports from src/) into
# .wecom-policy/bench and run one benchmark, or all four. Benchmarks print ratios measured side by side in
# one run; they are not tests. NAME: client-overhead | sandbox-throughput | validate-large | audit-large.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh >/dev/null
npx --no-install tsc -p scripts/bench/tsconfig.json
out=.wecom-policy/bench/scripts/bench
# Compiled outside dist/, the schema loader is told where the schemas are.
export WECOM_POLICY_SCHEMA_DIR="$root/schemas"
if [ $# -gt 0 ]; then
  name="$1"; shift
  exec node "$out/$name.js" "$@"
fi
for name in client-overhead sandbox-throughput validate-large audit-large; do
  echo "== $name"
  node "$out/$name.js"
done
