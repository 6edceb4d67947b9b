#!/usr/bin/env bash
# The differential harness, run by hand (CI has no Disque): builds the gateway and the
# harness in Release, starts a real Disque 1.0-rc1 and a gateway on spare ports, runs
# every case of tests/Gateway.Tests/Golden/disque-1.0-rc1.cases on both and prints the
# cases whose replies differ. Exits non-zero if any differ outside the README's list of
# differences on purpose.
#
#   scripts/differential.sh --disque /path/to/disque-server [--record] [--only TEXT]
#   DISQUE_SERVER=/path/to/disque-server scripts/differential.sh
#
# Disque is built from antirez/disque's source: make MALLOC=libc CFLAGS=-fcommon.
# --record writes Disque's replies into the case file (the golden replies the replay
# test holds the gateway to); review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Gateway/Gateway.csproj -c Release -v quiet -nologo
dotnet build scripts/differential/Differential.csproj -c Release -v quiet -nologo
exec dotnet scripts/differential/bin/Release/net10.0/Disque.Differential.dll "$@"
