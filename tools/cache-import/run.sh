#!/usr/bin/env bash
# `npm run cache:import -- <flags>`: builds the tool (an nx cache hit when nothing changed, ~2 s)
# and runs the JavaScript with plain node. Through a TypeScript loader (@swc-node/register) the
# same 500 MB import peaked at 191-199 MiB, over the 200 MB budget; with plain node, ~120 MiB.
# The build's own output is shown only when it fails; the tool's stdout stays its summary.
set -euo pipefail
# One build, no background nx daemon left running on the operator's host.
export NX_DAEMON=false
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! (cd "$root" && "$root/node_modules/.bin/nx" run cache-import:build --outputStyle=static) >"$log" 2>&1; then
  cat "$log" >&2
  echo "cache:import: building the tool failed (output above)" >&2
  exit 1
fi
rm -f "$log"
trap - EXIT
exec node "$root/dist/tools/cache-import/tools/cache-import/src/main.js" "$@"
