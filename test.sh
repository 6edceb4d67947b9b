#!/usr/bin/env bash
# Runs every test: unit, grain (in-process Orleans test cluster), end-to-end over TCP,
# and multi-process cluster tests. Needs redis-cli and redis-server on PATH. The network
# partition tests need root, iproute2 and nftables; elsewhere they are skipped, saying why.
# The soak/chaos test is left out here (scripts/soak.sh runs it; CI runs both).
# When a test fails, its name and message are printed again at the end, where a log's tail shows them.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Disque.Orleans.sln -c Release
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet test Disque.Orleans.sln -c Release --no-build --filter "Category!=Soak" --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"; then
  echo
  echo "=== the tests that failed (from the output above) ==="
  { grep -E -A8 '^\s+Failed [A-Za-z_.]+' "$log" || echo "(no failed test named: see the output above)"; } | cut -c1-600 | head -150 || true
  exit 1
fi
