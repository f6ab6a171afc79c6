#!/usr/bin/env bash
# Installs what the real-PostgreSQL tests need, and only what is missing:
#   - PostgreSQL server binaries (initdb, pg_ctl, postgres; Debian's `postgresql`),
#   - pgvector for the newest installed major, built from Debian's own source package
#     (bookworm has no pgvector binary package; trixie's source, 0.8.0, builds against
#     PostgreSQL 15 in ~15 s), with `postgresql-server-dev-<major>` and `build-essential`.
# Prints one line when everything is there. Run as root (apt-get, make install).
#
#   bash .ci/install-postgres.sh           install what is missing
#   bash .ci/install-postgres.sh --check   only say what is missing (exit 1 if anything is)
#
# PG_ROOT (default /usr/lib/postgresql) is where the majors live; tests read the same variable.
set -euo pipefail

PG_ROOT="${PG_ROOT:-/usr/lib/postgresql}"
check_only=false
[ "${1:-}" = "--check" ] && check_only=true

newest_major() {
  local major
  major=$(find "$PG_ROOT" -mindepth 1 -maxdepth 1 -regex '.*/[0-9]+' -printf '%f\n' 2>/dev/null | sort -n | tail -1)
  if [ -n "$major" ] && [ -x "$PG_ROOT/$major/bin/initdb" ] && [ -x "$PG_ROOT/$major/bin/pg_ctl" ]; then
    echo "$major"
  fi
}

# What is missing, in install order: "server", "vector".
missing_parts() {
  local major sharedir pkglibdir
  major=$(newest_major)
  if [ -z "$major" ]; then
    echo server vector
    return
  fi
  sharedir=$("$PG_ROOT/$major/bin/pg_config" --sharedir)
  pkglibdir=$("$PG_ROOT/$major/bin/pg_config" --pkglibdir)
  if [ ! -f "$sharedir/extension/vector.control" ] || [ ! -f "$pkglibdir/vector.so" ]; then
    echo vector
  fi
}

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# Runs a step with its output kept aside: shown only when the step fails.
quietly() {
  if ! "$@" >>"$LOG" 2>&1; then
    echo "Failed: $*" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
}

apt_install() {
  quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

install_server() {
  echo "Installing PostgreSQL server binaries (postgresql)"
  quietly apt-get update -qq
  apt_install postgresql
}

build_pgvector() {
  local major=$1 pg_config work src entry
  pg_config="$PG_ROOT/$major/bin/pg_config"
  echo "Building pgvector for PostgreSQL $major from Debian's source package (suite trixie)"
  local dev=()
  [ -f "$("$pg_config" --includedir-server)/postgres.h" ] || dev+=("postgresql-server-dev-$major")
  { command -v make && command -v gcc && command -v dpkg-source; } >/dev/null 2>&1 || dev+=(build-essential)
  # A deb-src entry for trixie, derived from the machine's own bookworm entry (same mirror and keyring).
  src=$(grep -l '^Suites: bookworm' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
  if [ -z "$src" ]; then
    echo "No deb822 entry for bookworm in /etc/apt/sources.list.d: cannot derive a trixie deb-src entry for pgvector" >&2
    exit 1
  fi
  entry=/etc/apt/sources.list.d/pgvector-src.sources
  awk 'BEGIN{RS="";ORS="\n"} NR==1' "$src" | sed -e 's/^Types: deb$/Types: deb-src/' -e 's/^Suites: .*/Suites: trixie/' >"$entry"
  quietly apt-get update -qq
  [ "${#dev[@]}" -eq 0 ] || apt_install "${dev[@]}"
  work=$(mktemp -d)
  # apt-get source warns that it downloads unsandboxed as root: harmless here.
  quietly bash -c "cd '$work' && apt-get source -qq --download-only pgvector && tar xzf pgvector_*.orig.tar.gz"
  quietly make -s -C "$(echo "$work"/pgvector-*/)" PG_CONFIG="$pg_config"
  quietly make -s -C "$(echo "$work"/pgvector-*/)" install PG_CONFIG="$pg_config"
  rm -rf "$work"
  # The entry served this build only; without it apt sees the machine's sources as before.
  rm -f "$entry"
}

describe() {
  local major control
  major=$(newest_major)
  control="$("$PG_ROOT/$major/bin/pg_config" --sharedir)/extension/vector.control"
  echo "PostgreSQL $major ($PG_ROOT/$major/bin) with pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$control")"
}

read -r -a missing <<<"$(missing_parts)"
if [ "${#missing[@]}" -eq 0 ]; then
  describe
  exit 0
fi
if $check_only; then
  echo "missing: ${missing[*]} (under PG_ROOT=$PG_ROOT)"
  exit 1
fi
if [ "${missing[0]}" = server ]; then
  install_server
  read -r -a missing <<<"$(missing_parts)"
fi
if [ "${missing[*]}" = vector ]; then
  build_pgvector "$(newest_major)"
  read -r -a missing <<<"$(missing_parts)"
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Still missing after the install: ${missing[*]} (under PG_ROOT=$PG_ROOT)" >&2
  exit 1
fi
describe
