#!/usr/bin/env bash
# bench/idle-cpu.sh — what an idle server costs (issue 20: "an idle gateway uses at most 1% of a
# core"): a fresh gateway (one silo, nobody connected) and, with --disque, a real Disque beside it,
# left alone for SETTLE seconds (120: start-up, the warm-up, and tiered JIT recompiling what timers run), then their CPU over SECONDS (user plus
# system time from /proc/PID/stat, which keeps the time of threads that ended). Prints each as a
# percentage of one core, and the gateway's busiest threads by name (/proc/PID/task/*/schedstat,
# threads alive at the end), so a figure comes with where it goes.
#
#   bench/idle-cpu.sh [--seconds N] [--settle N] [--disque PATH] [--no-build] [--gateway-dir DIR]
#                      (DIR: another commit's Gateway/bin/Release/net10.0, for a before/after)
# shellcheck source=SCRIPTDIR/lib/prelude.sh
source "$(dirname "$0")/lib/prelude.sh"

build=1 seconds=60 settle=120 DISQUE_BIN=${DISQUE_SERVER:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --seconds) seconds=$2; shift ;;
    --settle) settle=$2; shift ;;
    --disque) DISQUE_BIN=$2; shift ;;
    --gateway-dir) GATEWAY_DIR=$2 build=0; shift ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done

begin_gateway_probe idle-cpu "$build"

# thread_ns PID: "tid name ns" for every thread, ns its CPU time so far.
thread_ns() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s %s\n' "${task##*/}" "$(tr ' ' '_' <"$task/comm")" "$(cut -d' ' -f1 "$task/schedstat")"
  done 2>/dev/null
}

# process_ticks PID: user plus system CPU time, in clock ticks, ended threads included.
process_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

start_gateway gateway
pids=("$GATEWAY_PID")
names=(gateway)
if [ -n "$DISQUE_BIN" ]; then
  start_disque disque
  pids+=("$DISQUE_PID")
  names+=(disque)
fi
log "idle for ${settle}s, then measured for ${seconds}s"
sleep "$settle"
ticks=() threads=()
for pid in "${pids[@]}"; do
  ticks+=("$(process_ticks "$pid")")
  threads+=("$(thread_ns "$pid" | sort -k1,1)")
done
sleep "$seconds"
hz=$(getconf CLK_TCK)
for i in "${!pids[@]}"; do
  used=$(($(process_ticks "${pids[$i]}") - ticks[i]))
  awk -v n="${names[$i]}" -v t="$used" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%s idle: %.2f%% of a core (%.0f ms CPU over %d s)\n", n, 100 * t / hz / s, 1000 * t / hz, s }'
  if [ "$i" = 0 ]; then
    # The gateway's threads that used the most, by name (a thread born during the window counts whole).
    join -a 2 -e 0 -o 2.2,1.3,2.3 <(echo "${threads[$i]}") <(thread_ns "${pids[$i]}" | sort -k1,1) |
      awk '{ used[$1] += $3 - $2 } END { for (t in used) if (used[t] > 0) printf "  %-24s %8.1f ms\n", t, used[t] / 1e6 }' | sort -k2 -rn | head -8
  fi
done
echo "(load $(load_average))"
