#!/usr/bin/env bash
# The soak/chaos test, outside the default test command: a five-silo cluster under load
# while silos are killed and restarted at random (tests/Cluster.Tests/ChaosTests.cs).
# DISQUE_SOAK_SECONDS sets its length (default 120). Expects ./test.sh's Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test tests/Cluster.Tests -c Release --no-build --filter "Category=Soak" --logger "console;verbosity=detailed" "$@"
