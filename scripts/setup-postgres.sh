#!/usr/bin/env bash
# Ensure Debian's PostgreSQL 15 server binaries for the fleet test (test/e2e/fleet.test.ts): it starts a
# throwaway server of its own (initdb into a temporary directory, pg_ctl on a free loopback port) and stops
# it at the end, holding the Pulumi state of its tenant stacks (Pulumi's postgres:// backend; README, "Many
# tenants"). Detected by the binaries in $WECOM_POLICY_PG_BIN (default /usr/lib/postgresql/15/bin): when
# they are there nothing is installed. Otherwise, as root, apt installs `postgresql-15` without a cluster and
# without starting any server: `create_main_cluster = false` in /etc/postgresql-common/createcluster.conf
# (only when that file does not exist yet; dpkg keeps it) and a policy-rc.d that denies service starts for
# the length of the install. As root the test runs the server as the `postgres` account the package
# creates (initdb refuses root). Not root and no binaries: says so on stderr and leaves the decision to the
# test, which then fails naming this script. Progress goes to stderr.
set -euo pipefail

PG_BIN="${WECOM_POLICY_PG_BIN:-/usr/lib/postgresql/15/bin}"
PACKAGES=(postgresql-15)

log() { printf '[setup-postgres] %s\n' "$*" >&2; }

have() { [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/psql" ]; }

if have; then
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    log "PostgreSQL is installed but there is no 'postgres' account to run it as (initdb refuses root):"
    log "  reinstall postgresql-common, or run the tests as a non-root user"
  fi
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  log "PostgreSQL 15 is missing ($PG_BIN) and this is not root: install it with"
  log "  sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}"
  log "(the fleet test needs it and fails until it is there; it never uses a system-wide server)"
  exit 0
fi

t0=$(date +%s)
log "installing ${PACKAGES[*]} with apt (once; no cluster is created and no server started)…"
export DEBIAN_FRONTEND=noninteractive
conf=/etc/postgresql-common/createcluster.conf
if [ ! -e "$conf" ]; then
  mkdir -p "$(dirname "$conf")"
  printf '# wecom-policy: no default cluster (the fleet test starts throwaway servers of its own)\ncreate_main_cluster = false\n' > "$conf"
fi
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# wecom-policy setup-postgres.sh: no service starts during the install\nexit 101\n' > "$policy"
  chmod +x "$policy"
  own_policy=1
fi
cleanup() { if [ -n "$own_policy" ]; then rm -f "$policy"; fi; }
trap cleanup EXIT
apt_install() {
  apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}" "$@"
}
# A fresh machine's package lists may be empty or stale: update once and retry when the first try fails.
if ! apt_install >/dev/null 2>&1; then
  apt-get update >/dev/null 2>&1 || log "apt-get update failed; trying the install with the lists there are"
  if ! apt_install >&2; then
    log "could not install ${PACKAGES[*]}: the fleet test will fail until $PG_BIN exists"
    exit 0
  fi
fi
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') installed in $(($(date +%s) - t0)) s"
