#!/usr/bin/env bash
# Runs the deterministic simulation of the job store's protocol over many more seeds than CI
# (tests/Grains.Tests/Simulation/Disque). Usage:
#   scripts/simulate.sh [seeds] [first-seed]     # default: 20000 seeds from 1
#   SIM_SEED=123 scripts/simulate.sh             # replay one seed (add SIM_TRACE=/tmp/trace.txt for every event)
# A failure names its seed; the same seed replays the same run, step for step.
set -euo pipefail
cd "$(dirname "$0")/.."
export SIM_SEEDS="${1:-${SIM_SEEDS:-20000}}"
export SIM_SEED_FROM="${2:-${SIM_SEED_FROM:-1}}"
dotnet build tests/Grains.Tests/Grains.Tests.csproj -c Release -v quiet -nologo
dotnet test tests/Grains.Tests/Grains.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName~Simulation.Disque" --logger "console;verbosity=detailed" |
  grep -E "seeds \(|Simulation seed|Passed |Failed |Total|error" || true
exit "${PIPESTATUS[0]}"
