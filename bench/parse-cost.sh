#!/usr/bin/env bash
# bench/parse-cost.sh — the server's CPU for one request of 1M arguments (7 MiB), as issue 23's
# attack sends it: `*1048576` and 1,048,575 one-byte arguments after PING, written as fast as
# the socket takes them, so the gateway receives it in many pieces. A reader that parsed the
# request again from its start on every read paid for it quadratically; one that resumes where
# it stopped pays for its bytes once.
#
#   bench/parse-cost.sh                   build in Release and measure this tree's gateway
#   bench/parse-cost.sh --no-build        take the Release build as it is
#   bench/parse-cost.sh --gateway-dir DIR measure the gateway built in DIR (another commit's
#                                         Gateway/bin/Release/net10.0), for a before/after figure
#
# Prints the gateway's CPU seconds (user + system) from the first byte sent to the reply, and
# the reply's first line. Everything listens on 127.0.0.1 on a spare port and is stopped on exit.
# shellcheck source=SCRIPTDIR/lib/prelude.sh
source "$(dirname "$0")/lib/prelude.sh"
# shellcheck source=SCRIPTDIR/lib/measure.sh
source "$BENCH/lib/measure.sh"

build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --gateway-dir) GATEWAY_DIR=$2 build=0; shift ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done

begin_gateway_probe parse-cost "$build"

request="$BENCH_OUT/request.resp"
awk 'BEGIN { n = 1048576; printf "*%d\r\n$4\r\nPING\r\n", n; for (i = 1; i < n; i++) printf "$1\r\nx\r\n" }' >"$request"
log "request: $(stat -c %s "$request") bytes"

start_gateway gateway
before=$(cpu_ticks "$GATEWAY_PID")
started=$(date +%s.%N)
exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT"
cat "$request" >&3
IFS= read -r reply <&3
finished=$(date +%s.%N)
after=$(cpu_ticks "$GATEWAY_PID")
exec 3>&-
ticks=$(getconf CLK_TCK)
awk -v t=$((after - before)) -v hz="$ticks" -v s="$started" -v f="$finished" -v load="$(load_average)" -v reply="${reply%$'\r'}" \
  'BEGIN { printf "gateway CPU: %.2f s for the 7 MiB request (%.2f s wall; load %s); reply: %s\n", t / hz, f - s, load, reply }'
