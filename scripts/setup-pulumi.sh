#!/usr/bin/env bash
# Ensure a Pulumi CLI at PULUMI_VERSION or newer is available, with the Pulumi YAML language host.
# 1. Use `pulumi` from PATH if it is >= the pinned version.
# 2. Otherwise build it from Pulumi's published Go modules (github.com/pulumi/pulumi/pkg/v3) with the
#    machine's Go, into a cache outside the repository (never committed). A second run takes milliseconds.
# 3. Build pulumi-language-yaml (github.com/pulumi/pulumi-yaml, PULUMI_YAML_VERSION) beside it, the same
#    way, unless one is already on PATH or beside the CLI: Pulumi YAML programs (examples/yaml) need it.
# The Node.js language host is not built here: its Go module is not served by the module proxy
# (docs/decisions.md), so bin/pulumi-language-nodejs (ours, TypeScript) is used when no real one is on PATH.
# Prints the directory holding the binaries as the last stdout line. Progress goes to stderr.
# WECOM_POLICY_NO_BUILD=1: only look (PATH, cache) and exit 3 when there is no CLI; builds nothing
# (`wecom-policy --version`).
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.248.0}"
PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
CACHE_ROOT="${WECOM_POLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wecom-policy}"
# -r2: the recipe's revision. r1 let `go get` lift pkg/v3 to the newest release while the binary said
# v3.248.0; a new directory leaves checkouts still on r1 undisturbed while this one builds.
OUT="$CACHE_ROOT/pulumi-v$PULUMI_VERSION-r2/bin"

log() { printf '[setup-pulumi] %s\n' "$*" >&2; }

version_ge() { # version_ge A B: A >= B (semver without pre-release)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# 1. A suitable pulumi on PATH (not our own cache) wins.
if [ -z "${WECOM_POLICY_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  have=$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null | sed 's/^v//' | cut -d- -f1 || true)
  dir=$(dirname "$(command -v pulumi)")
  if [ -n "$have" ] && version_ge "$have" "$PULUMI_VERSION"; then
    log "using pulumi v$have from $dir"
    echo "$dir"
    exit 0
  fi
fi

# The Node.js language host's Go module is not served by the module proxy (docs/decisions.md), so a shim
# beside the cached pulumi runs ours (src/langhost). The engine finds it as a bundled host. It locates the
# project's compiled host through WECOM_POLICY_LANGHOST (set by every pulumi call the project makes) or,
# for a user running this pulumi by hand, by walking up from the working directory (the engine starts the
# host in the program's directory, dist/program) to the project: Pulumi.yaml beside dist/langhost.
install_langhost_shim() {
  local shim="$OUT/pulumi-language-nodejs"
  cat > "$shim.tmp" <<'SHIM'
#!/usr/bin/env bash
# wecom-policy: Node.js language host shim (see the project's docs/decisions.md).
host="${WECOM_POLICY_LANGHOST:-}"
if [ -z "$host" ]; then
  dir="$PWD"
  while :; do
    if [ -f "$dir/Pulumi.yaml" ] && [ -f "$dir/dist/langhost/main.js" ]; then host="$dir/dist/langhost/main.js"; break; fi
    [ "$dir" = "/" ] && break
    dir="$(dirname "$dir")"
  done
fi
if [ -z "$host" ] || [ ! -f "$host" ]; then
  echo "pulumi-language-nodejs: no wecom-policy language host above $PWD; run 'npm run setup' in the wecom-policy project" >&2
  exit 1
fi
exec node "$host" "$@"
SHIM
  chmod +x "$shim.tmp"
  mv "$shim.tmp" "$shim"
}

# The Pulumi YAML language host, built into dir $1 from its own Go module. `go install module@version`
# builds with the module's own go.mod and go.sum (pulumi-yaml v1.25.0 needs pkg/v3 v3.206.0: it does not
# compile against v3.248.0), so it is a separate build; flags mirror pulumi-yaml's .goreleaser.yml.
ensure_yaml_host() {
  local dir="$1"
  [ -x "$dir/pulumi-language-yaml" ] && [ -f "$dir/.yaml-v$PULUMI_YAML_VERSION" ] && return 0
  if command -v pulumi-language-yaml >/dev/null 2>&1; then
    log "using $(command -v pulumi-language-yaml)"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    log "no Go toolchain: Pulumi YAML programs (examples/yaml) will not run; everything else does"
    return 0
  fi
  local t0
  t0=$(date +%s)
  log "building pulumi-language-yaml v$PULUMI_YAML_VERSION from Go modules into $dir (cached afterwards)…"
  mkdir -p "$dir"
  GOBIN="$dir/.yaml-build" GOFLAGS="-buildvcs=false" GOTOOLCHAIN=local CGO_ENABLED=0 \
    go install -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$PULUMI_YAML_VERSION" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION" >&2
  mv "$dir/.yaml-build/pulumi-language-yaml" "$dir/pulumi-language-yaml"
  rmdir "$dir/.yaml-build" 2>/dev/null || true
  rm -f "$dir"/.yaml-v*
  touch "$dir/.yaml-v$PULUMI_YAML_VERSION"
  log "built pulumi-language-yaml v$PULUMI_YAML_VERSION in $(( $(date +%s) - t0 ))s"
}

# Builds share one cache: concurrent set-ups (several checkouts, parallel CI steps) wait for each other.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
flock 9

# 2. Cached build: the pinned module version (a build that resolved another version is rebuilt).
built_version() { go version -m "$1" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/pulumi/pulumi/pkg/v3" { print $3 }'; }
if [ -x "$OUT/pulumi" ] && [ -f "$OUT/.complete" ] && { ! command -v go >/dev/null 2>&1 || [ "$(built_version "$OUT/pulumi")" = "v$PULUMI_VERSION" ]; }; then
  [ -x "$OUT/pulumi-language-nodejs" ] && [ "$OUT/pulumi-language-nodejs" -nt "${BASH_SOURCE[0]}" ] || install_langhost_shim
  [ -n "${WECOM_POLICY_NO_BUILD:-}" ] || ensure_yaml_host "$OUT"
  echo "$OUT"
  exit 0
fi
if [ -n "${WECOM_POLICY_NO_BUILD:-}" ]; then
  log "no Pulumi CLI >= v$PULUMI_VERSION on PATH or in $OUT (WECOM_POLICY_NO_BUILD: not building)"
  exit 3
fi
rm -f "$OUT/.complete"

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
[setup-pulumi] No Pulumi CLI >= v$PULUMI_VERSION on PATH and no Go toolchain to build one.
  Either install the Pulumi CLI (v$PULUMI_VERSION or later) on PATH,
  or install Go >= 1.25.11 so this script can build it from Pulumi's Go modules.
  未找到 v$PULUMI_VERSION 或更新的 Pulumi CLI，也没有可用于构建它的 Go 工具链。
  请将 Pulumi CLI 加入 PATH，或安装 Go >= 1.25.11 以便本脚本从 Pulumi 的 Go 模块构建。
MSG
  exit 3
fi

start=$(date +%s)
log "building pulumi v$PULUMI_VERSION from Go modules with $(go version | awk '{print $3}') into $OUT"
log "first build downloads ~300 modules and compiles on $(nproc) cores; expect many minutes. Cached afterwards."

work="$(dirname "$OUT")/build"
mkdir -p "$work" "$OUT"
cd "$work"
cat > go.mod <<GOMOD
module local/pulumi-cli-build

go 1.25.11

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
rm -f go.sum
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local

log "resolving modules (go get)…"
go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2
# With an explicit version: without one, `go get` of the main package upgrades pkg/v3 to the newest release.
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" >&2
log "modules resolved after $(( $(date +%s) - start ))s"

ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
tags="osusergo,grpcnotrace"
log "compiling pulumi…"
go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$OUT/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$OUT/pulumi.tmp" "$OUT/pulumi"

got=$(PULUMI_SKIP_UPDATE_CHECK=true "$OUT/pulumi" version)
if [ "$got" != "v$PULUMI_VERSION" ] || [ "$(built_version "$OUT/pulumi")" != "v$PULUMI_VERSION" ]; then
  log "built pulumi reports '$got' from pkg/v3 $(built_version "$OUT/pulumi"), expected v$PULUMI_VERSION"; exit 1
fi
install_langhost_shim
touch "$OUT/.complete"
log "built pulumi $got in $(( $(date +%s) - start ))s"
ensure_yaml_host "$OUT"
echo "$OUT"
