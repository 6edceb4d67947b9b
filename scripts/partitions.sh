#!/usr/bin/env bash
# Network partitions by hand, longer than CI runs them (tests/Cluster.Tests/PartitionTests.cs):
# four silos in network namespaces of their own under REPLICATE 2, REPLICATE 3 and at-most-once
# traffic while a silo is cut off, a gateway is cut off from the other silos, a gateway's link
# flaps, and every link loses and delays packets. Needs root, iproute2 and nftables.
# Prints the figures as Markdown table rows (also kept in DISQUE_PARTITION_REPORT).
#
# Settings (environment), longer here than the tests' defaults:
#   DISQUE_PARTITION_SECONDS        traffic length (default here 60; tests 15)
#   DISQUE_PARTITION_RATE           jobs/s of each of the three traffics (100; tests 50)
#   DISQUE_PARTITION_FAULT_SECONDS  how long each fault lasts (20; tests 15)
#   DISQUE_PARTITION_NODE_ARGS      more settings for every node, e.g. --Disque:FastFailureDetection=false
#   DISQUE_PARTITION_REPORT         the report file (default .partitions/report-<time>.md)
#   DISQUE_PARTITION_CASE           a part of a test's name, to run that case only (e.g. flaps)
# Further arguments go to dotnet test.
# Expects ./test.sh's Release build (DISQUE_BUILD=1 builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then echo "scripts/partitions.sh needs root (network namespaces)"; exit 1; fi
export DISQUE_PARTITION_SECONDS="${DISQUE_PARTITION_SECONDS:-60}"
export DISQUE_PARTITION_RATE="${DISQUE_PARTITION_RATE:-100}"
export DISQUE_PARTITION_FAULT_SECONDS="${DISQUE_PARTITION_FAULT_SECONDS:-20}"
mkdir -p .partitions
export DISQUE_PARTITION_REPORT="${DISQUE_PARTITION_REPORT:-$PWD/.partitions/report-$(date +%Y%m%d-%H%M%S).md}"
{
  echo "<!-- ${DISQUE_PARTITION_SECONDS} s of traffic at ${DISQUE_PARTITION_RATE} jobs/s each, faults of ${DISQUE_PARTITION_FAULT_SECONDS} s${DISQUE_PARTITION_NODE_ARGS:+, nodes: $DISQUE_PARTITION_NODE_ARGS} -->"
  echo "| fault | jobs | accepted | delivered | duplicated | lost | delivered after ACK | declared dead, restarted |"
  echo "|---|---|---|---|---|---|---|---|"
} >>"$DISQUE_PARTITION_REPORT"
[ "${DISQUE_BUILD:-0}" = 0 ] || dotnet build tests/Cluster.Tests -c Release -v q -nologo
status=0
dotnet test tests/Cluster.Tests -c Release --no-build --filter "Category=Partition${DISQUE_PARTITION_CASE:+&FullyQualifiedName~$DISQUE_PARTITION_CASE}" --logger "console;verbosity=detailed" "$@" || status=$?
echo
cat "$DISQUE_PARTITION_REPORT"
exit "$status"
