#!/usr/bin/env bash
# Runs every test: unit, grain (in-process Orleans test cluster), end-to-end over TCP,
# and multi-process cluster tests. Needs redis-cli and redis-server on PATH.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Disque.Orleans.sln -c Release
dotnet test Disque.Orleans.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
