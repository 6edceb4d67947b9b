#!/usr/bin/env bash
# bench/monitor-rss.sh — the gateway's RSS while a MONITOR client never reads (issue 18, finding 5):
# one connection sends MONITOR and then reads nothing, while redis-benchmark sends PING as fast as it
# can (50 clients, pipelines of 16) for SECONDS (default 40). Prints the gateway's RSS every 5 s, the
# most it reached, and whether the monitor was still connected at the end (CLIENT LIST's flags=O).
#
#   bench/monitor-rss.sh [--seconds N] [--no-build] [--gateway-dir DIR]   (DIR: another commit's
#                                                      Gateway/bin/Release/net10.0, for a before/after)
# shellcheck source=SCRIPTDIR/lib/prelude.sh
source "$(dirname "$0")/lib/prelude.sh"

build=1 seconds=40
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --seconds) seconds=$2; shift ;;
    --gateway-dir) GATEWAY_DIR=$2 build=0; shift ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done

begin_gateway_probe monitor-rss "$build"

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

start_gateway gateway
log "RSS before: $(rss_mb "$GATEWAY_PID") MB"
# The monitor: MONITOR sent, nothing ever read (the descriptor stays open until this script exits).
exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT"
printf 'MONITOR\r\n' >&3
start_process benchmark "$BENCH_OUT" timeout "$seconds" redis-benchmark -p "$GATEWAY_PORT" -c 50 -P 16 -n 1000000000 -q PING
BENCH_PID=$LAST_PID
most=0
for _ in $(seq 1 $((seconds / 5))); do
  sleep 5
  now=$(rss_mb "$GATEWAY_PID")
  [ "$now" -gt "$most" ] && most=$now
  log "RSS $now MB"
done
wait "$BENCH_PID" 2>/dev/null || true
monitors=$(redis-cli -p "$GATEWAY_PORT" CLIENT LIST | grep -c 'flags=O' || true)
echo "gateway RSS: at most $most MB over ${seconds}s of PING with a MONITOR that never reads; monitor still connected: $([ "$monitors" -gt 0 ] && echo yes || echo no) (load $(load_average))"
exec 3>&-
