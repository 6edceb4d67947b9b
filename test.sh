#!/usr/bin/env bash
# Runs every test: unit, grain (in-process Orleans test cluster), end-to-end over TCP,
# and multi-process cluster tests. Needs redis-cli and redis-server on PATH. The network
# partition tests need root, iproute2 and nftables; elsewhere they are skipped, saying why.
# The soak/chaos test is left out here (scripts/soak.sh runs it; CI runs both).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Disque.Orleans.sln -c Release
dotnet test Disque.Orleans.sln -c Release --no-build --filter "Category!=Soak" --logger "console;verbosity=normal" "$@"
